using System.ClientModel;
using System.Text.Json;
using BetterTogether.OpenAI.Errors;
using Sdk = OpenAI.Chat;

namespace BetterTogether.OpenAI.Chat;

/// <summary>
/// One streaming attempt that has received its first update. The attempt's token (per-attempt and total timeouts)
/// can cancel the stream only until then; afterwards the stream runs under the caller's token alone, because the
/// pipeline's token sources are recycled once the attempt returns.
/// </summary>
internal sealed class StreamAttempt : IAsyncDisposable
{
    private const string Operation = "POST chat/completions (stream)";

    private readonly IAsyncEnumerator<Sdk.StreamingChatCompletionUpdate> _enumerator;
    private readonly CancellationTokenSource _cancellation;
    private readonly Uri _endpoint;
    private readonly TimeProvider _timeProvider;

    private StreamAttempt(IAsyncEnumerator<Sdk.StreamingChatCompletionUpdate> enumerator, CancellationTokenSource cancellation, bool hasCurrent, Uri endpoint, TimeProvider timeProvider)
    {
        _enumerator = enumerator;
        _cancellation = cancellation;
        HasCurrent = hasCurrent;
        _endpoint = endpoint;
        _timeProvider = timeProvider;
    }

    /// <summary>Whether <see cref="Current"/> holds an update.</summary>
    public bool HasCurrent { get; private set; }

    /// <summary>The current update.</summary>
    public Sdk.StreamingChatCompletionUpdate Current => _enumerator.Current;

    public static async ValueTask<StreamAttempt> StartAsync(
        Sdk.ChatClient client,
        IReadOnlyList<Sdk.ChatMessage> messages,
        Sdk.ChatCompletionOptions options,
        CancellationToken attemptToken,
        CancellationToken callerToken,
        Uri endpoint,
        TimeProvider timeProvider)
    {
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
        IAsyncEnumerator<Sdk.StreamingChatCompletionUpdate>? enumerator = null;
        try
        {
            bool hasCurrent;
            using (attemptToken.Register(static source => ((CancellationTokenSource)source!).Cancel(), cancellation))
            {
                enumerator = client.CompleteChatStreamingAsync(messages, options, cancellation.Token).GetAsyncEnumerator(cancellation.Token);
                hasCurrent = await enumerator.MoveNextAsync().ConfigureAwait(false);
            }

            return new StreamAttempt(enumerator, cancellation, hasCurrent, endpoint, timeProvider);
        }
        catch (Exception exception)
        {
            if (enumerator is not null)
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
            }

            cancellation.Dispose();
            if (exception is ClientResultException clientResult)
            {
                throw OpenAIErrorParser.FromChatClientResult(clientResult, Operation, endpoint, timeProvider);
            }

            if (exception is JsonException json)
            {
                throw OpenAIErrorParser.InvalidResponse(json, Operation, endpoint);
            }

            throw;
        }
    }

    /// <summary>Moves to the next update.</summary>
    /// <returns>Whether an update is available.</returns>
    /// <exception cref="OpenAIEndpointException">The stream broke.</exception>
    public async ValueTask<bool> MoveNextAsync()
    {
        try
        {
            HasCurrent = await _enumerator.MoveNextAsync().ConfigureAwait(false);
            return HasCurrent;
        }
        catch (ClientResultException exception)
        {
            throw OpenAIErrorParser.FromChatClientResult(exception, Operation, _endpoint, _timeProvider);
        }
        catch (JsonException exception)
        {
            throw OpenAIErrorParser.InvalidResponse(exception, Operation, _endpoint);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _enumerator.DisposeAsync().ConfigureAwait(false);
        _cancellation.Dispose();
    }
}
