using System.ClientModel;
using System.ClientModel.Primitives;
using BetterTogether.OpenAI.Adapters;
using BetterTogether.OpenAI.Errors;
using BetterTogether.OpenAI.Resilience;
using BetterTogether.OpenAI.Telemetry;
using global::OpenAI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BetterTogether.OpenAI.Chat;

/// <summary>
/// Builds the <see cref="IChatClient"/> for an OpenAI-compatible chat-completions endpoint (vLLM, llama.cpp, Ollama,
/// OpenAI, Azure OpenAI): Microsoft.Extensions.AI.OpenAI's client over the OpenAI SDK (its own retries off), under a
/// <see cref="ChatClientBuilder"/> pipeline, outer to inner: adapter routing → OpenTelemetry → logging →
/// resilience (<see cref="OpenAIResiliencePipeline"/>) → endpoint errors (<see cref="OpenAIEndpointException"/>,
/// context-window mapping).
/// </summary>
public static class OpenAIChatPipeline
{
    /// <summary>Builds the client; validates <paramref name="options"/>.</summary>
    /// <param name="options">Endpoint, credentials, default model and resilience settings.</param>
    /// <param name="adapters">Loads adapters named in requests before they are used; null when the server has them already.</param>
    /// <param name="loggerFactory">Receives LM-call, retry, circuit and adapter events.</param>
    /// <returns>The client; disposing it does not dispose <paramref name="adapters"/>.</returns>
    /// <exception cref="ArgumentException">An option is missing or out of range.</exception>
    public static IChatClient Create(OpenAIChatClientOptions options, IAdapterServingClient? adapters = null, ILoggerFactory? loggerFactory = null)
        => Create(options, adapters, loggerFactory, ownsAdapters: false);

    /// <summary>Builds the client, which disposes <paramref name="adapters"/> with itself when <paramref name="ownsAdapters"/> is set.</summary>
    internal static IChatClient Create(OpenAIChatClientOptions options, IAdapterServingClient? adapters, ILoggerFactory? loggerFactory, bool ownsAdapters)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var endpoint = options.NormalizedEndpoint;
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(typeof(OpenAIChatPipeline));
        var resilience = new OpenAIResiliencePipeline(options.Resilience, endpoint, logger);
#pragma warning disable OPENAI001 // The AuthenticationPolicy constructor is the SDK's way to plug in Entra tokens and custom key headers.
        var sdk = new OpenAIClient(CreateAuthentication(options), CreateSdkOptions(options));
#pragma warning restore OPENAI001
        var metadata = new ChatClientMetadata(options.ProviderName, endpoint, options.DefaultModelId);
        return sdk.GetChatClient(options.DefaultModelId).AsIChatClient()
            .AsBuilder()
            .Use(inner => new AdapterRoutingChatClient(inner, adapters, ownsAdapters))
            .UseLmTelemetry(loggerFactory)
            .Use(inner => new ResilientChatClient(inner, resilience))
            .Use(inner => new OpenAIEndpointChatClient(inner, metadata, options.Resilience.TimeProvider))
            .Build();
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
}
