using System.ClientModel;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace BetterTogether.OpenAI.Errors;

/// <summary>
/// The innermost of our middleware, right over Microsoft.Extensions.AI.OpenAI's client: turns the SDK's failures into
/// <see cref="OpenAIEndpointException"/> (with the server's OpenAI error and <c>Retry-After</c>, so the resilience
/// pipeline can tell transient from permanent) and a context-length 400 into
/// <see cref="Core.LanguageModels.ContextWindowExceededException"/>; describes the endpoint as this provider.
/// </summary>
internal sealed class OpenAIEndpointChatClient : DelegatingChatClient
{
    private const string ChatOperation = "POST chat/completions";
    private const string StreamOperation = "POST chat/completions (stream)";

    private readonly Uri _endpoint;
    private readonly TimeProvider _timeProvider;
    private readonly ChatClientMetadata _metadata;

    public OpenAIEndpointChatClient(IChatClient innerClient, ChatClientMetadata metadata, TimeProvider timeProvider)
        : base(innerClient)
    {
        _metadata = metadata;
        _endpoint = metadata.ProviderUri!;
        _timeProvider = timeProvider;
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (ClientResultException exception)
        {
            throw OpenAIErrorParser.FromChatClientResult(exception, ChatOperation, _endpoint, _timeProvider);
        }
        catch (JsonException exception)
        {
            throw OpenAIErrorParser.InvalidResponse(exception, ChatOperation, _endpoint);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (updates.ConfigureAwait(false))
        {
            while (true)
            {
                try
                {
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }
                }
                catch (ClientResultException exception)
                {
                    throw OpenAIErrorParser.FromChatClientResult(exception, StreamOperation, _endpoint, _timeProvider);
                }
                catch (JsonException exception)
                {
                    throw OpenAIErrorParser.InvalidResponse(exception, StreamOperation, _endpoint);
                }

                yield return updates.Current;
            }
        }
    }

    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType == typeof(ChatClientMetadata) ? _metadata : base.GetService(serviceType, serviceKey);
    }
}
