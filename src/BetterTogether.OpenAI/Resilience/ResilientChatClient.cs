using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace BetterTogether.OpenAI.Resilience;

/// <summary>
/// Runs every call through an <see cref="OpenAIResiliencePipeline"/>. A stream is retried and timed until its first
/// update arrives; one that breaks later fails without a retry (its updates have been handed out).
/// </summary>
internal sealed class ResilientChatClient(IChatClient innerClient, OpenAIResiliencePipeline pipeline) : DelegatingChatClient(innerClient)
{
    private const string ChatOperation = "POST chat/completions";
    private const string StreamOperation = "POST chat/completions (stream)";

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        return pipeline.ExecuteAsync(
            ChatOperation,
            token => new ValueTask<ChatResponse>(base.GetResponseAsync(list, options, token)),
            cancellationToken).AsTask();
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var stream = await pipeline.ExecuteAsync(
            StreamOperation,
            token => StreamAttempt.StartAsync(inner => base.GetStreamingResponseAsync(list, options, inner), token, cancellationToken),
            cancellationToken).ConfigureAwait(false);

        await using (stream.ConfigureAwait(false))
        {
            if (!stream.HasCurrent)
            {
                yield break;
            }

            do
            {
                yield return stream.Current;
            }
            while (await stream.MoveNextAsync().ConfigureAwait(false));
        }
    }
}
