using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using BetterTogether.Core.LanguageModels;
using BetterTogether.OpenAI.Adapters;
using BetterTogether.OpenAI.Errors;
using BetterTogether.OpenAI.Resilience;
using global::OpenAI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sdk = OpenAI.Chat;

namespace BetterTogether.OpenAI.Chat;

/// <summary>
/// An <see cref="IChatClient"/> for any OpenAI-compatible chat-completions endpoint (vLLM, llama.cpp, Ollama,
/// OpenAI, Azure OpenAI), over the OpenAI .NET SDK with its own retries off and every call run through an
/// <see cref="OpenAIResiliencePipeline"/>. A request carrying <see cref="ChatOptionKeys.AdapterName"/> is sent with
/// the adapter's name as its model (vLLM's LoRA convention), after the adapter is loaded when a loader is given.
/// </summary>
public sealed class OpenAIChatClient : IChatClient
{
    private const string ChatOperation = "POST chat/completions";

    private readonly OpenAIClient _sdk;
    private readonly ConcurrentDictionary<string, Sdk.ChatClient> _chatClients = new(StringComparer.Ordinal);
    private readonly OpenAIResiliencePipeline _pipeline;
    private readonly IAdapterServingClient? _adapters;
    private readonly ILogger _logger;
    private readonly Uri _endpoint;
    private readonly string _defaultModelId;
    private readonly TimeProvider _timeProvider;
    private readonly bool _ownsAdapters;

    /// <summary>Creates a client; validates <paramref name="options"/>.</summary>
    /// <param name="options">Endpoint, credentials, default model and resilience settings.</param>
    /// <param name="adapters">Loads adapters named in requests before they are used; null when the server has them already.</param>
    /// <param name="loggerFactory">Receives retry, circuit and usage events.</param>
    /// <exception cref="ArgumentException">An option is missing or out of range.</exception>
    public OpenAIChatClient(OpenAIChatClientOptions options, IAdapterServingClient? adapters = null, ILoggerFactory? loggerFactory = null)
        : this(options, adapters, loggerFactory, ownsAdapters: false)
    {
    }

    /// <summary>Creates a client that disposes <paramref name="adapters"/> with itself when <paramref name="ownsAdapters"/> is set.</summary>
    internal OpenAIChatClient(OpenAIChatClientOptions options, IAdapterServingClient? adapters, ILoggerFactory? loggerFactory, bool ownsAdapters)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _endpoint = options.NormalizedEndpoint;
        _defaultModelId = options.DefaultModelId!;
        _timeProvider = options.Resilience.TimeProvider;
        _adapters = adapters;
        _ownsAdapters = ownsAdapters;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<OpenAIChatClient>();
        _pipeline = new OpenAIResiliencePipeline(options.Resilience, _endpoint, _logger);
#pragma warning disable OPENAI001 // The AuthenticationPolicy constructor is the SDK's way to plug in Entra tokens and custom key headers.
        _sdk = new OpenAIClient(CreateAuthentication(options), CreateSdkOptions(options));
#pragma warning restore OPENAI001
        Metadata = new ChatClientMetadata(options.ProviderName, _endpoint, _defaultModelId);
    }

    /// <summary>Describes the provider, endpoint and default model.</summary>
    public ChatClientMetadata Metadata { get; }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var sdkMessages = ChatRequestMapper.ToSdkMessages(messages);
        var model = await ResolveModelAsync(options, cancellationToken).ConfigureAwait(false);
        var client = GetChatClient(model);
        var completion = await _pipeline.ExecuteAsync(
            ChatOperation,
            async token =>
            {
                try
                {
                    var result = await client.CompleteChatAsync(sdkMessages, ChatRequestMapper.ToSdkOptions(options), token).ConfigureAwait(false);
                    return result.Value;
                }
                catch (ClientResultException exception)
                {
                    throw OpenAIErrorParser.FromChatClientResult(exception, ChatOperation, _endpoint, _timeProvider);
                }
                catch (JsonException exception)
                {
                    throw OpenAIErrorParser.InvalidResponse(exception, ChatOperation, _endpoint);
                }
            },
            cancellationToken).ConfigureAwait(false);

        var response = ChatResponseMapper.ToResponse(completion);
        Log.ChatCompleted(_logger, response.ModelId, response.Usage?.InputTokenCount, response.Usage?.OutputTokenCount);
        return response;
    }

    /// <inheritdoc />
    /// <remarks>Retries and timeouts cover the call until the first update arrives; a stream that breaks later fails without a retry.</remarks>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var sdkMessages = ChatRequestMapper.ToSdkMessages(messages);
        var model = await ResolveModelAsync(options, cancellationToken).ConfigureAwait(false);
        var client = GetChatClient(model);
        var stream = await _pipeline.ExecuteAsync(
            ChatOperation,
            token => StreamAttempt.StartAsync(client, sdkMessages, ChatRequestMapper.ToSdkOptions(options), token, cancellationToken, _endpoint, _timeProvider),
            cancellationToken).ConfigureAwait(false);

        await using (stream.ConfigureAwait(false))
        {
            if (!stream.HasCurrent)
            {
                yield break;
            }

            do
            {
                yield return ChatResponseMapper.ToUpdate(stream.Current);
            }
            while (await stream.MoveNextAsync().ConfigureAwait(false));
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return Metadata;
        }

        if (serviceType == typeof(IAdapterServingClient))
        {
            return _adapters;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // The SDK clients and the caller's HttpClient are not ours; only a loader the factory built for us is.
        if (_ownsAdapters && _adapters is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    private static AuthenticationPolicy CreateAuthentication(OpenAIChatClientOptions options)
    {
        if (options.TokenCredential is not null)
        {
            return new BearerTokenPolicy(options.TokenCredential, options.TokenScope);
        }

        // vLLM and llama.cpp without --api-key accept any bearer; "EMPTY" is the convention in their docs.
        var credential = new ApiKeyCredential(options.ApiKey ?? "EMPTY");
        return options.ApiKeyHeaderName is null
            ? ApiKeyAuthenticationPolicy.CreateBearerAuthorizationPolicy(credential)
            : ApiKeyAuthenticationPolicy.CreateHeaderApiKeyPolicy(credential, options.ApiKeyHeaderName);
    }

    private static OpenAIClientOptions CreateSdkOptions(OpenAIChatClientOptions options)
    {
        var sdkOptions = new OpenAIClientOptions
        {
            Endpoint = options.NormalizedEndpoint,

            // Our pipeline owns retries and timeouts; the SDK's would multiply attempts and hide failures.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        };
        if (options.HttpClient is not null)
        {
            sdkOptions.Transport = new HttpClientPipelineTransport(options.HttpClient);
        }

        return sdkOptions;
    }

    private Sdk.ChatClient GetChatClient(string model) => _chatClients.GetOrAdd(model, static (name, sdk) => sdk.GetChatClient(name), _sdk);

    private async ValueTask<string> ResolveModelAsync(ChatOptions? options, CancellationToken cancellationToken)
    {
        var properties = options?.AdditionalProperties;
        if (properties is not null
            && properties.TryGetValue(ChatOptionKeys.AdapterName, out var nameValue)
            && nameValue is string { Length: > 0 } adapterName)
        {
            if (_adapters is not null
                && properties.TryGetValue(ChatOptionKeys.AdapterLocation, out var locationValue)
                && locationValue is string { Length: > 0 } location)
            {
                await _adapters.EnsureLoadedAsync(new AdapterReference(adapterName, location), cancellationToken).ConfigureAwait(false);
            }

            return adapterName;
        }

        return options?.ModelId is { Length: > 0 } modelId ? modelId : _defaultModelId;
    }
}
