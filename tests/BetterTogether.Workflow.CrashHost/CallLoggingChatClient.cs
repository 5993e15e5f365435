using Microsoft.Extensions.AI;

namespace BetterTogether.Workflow.CrashHost;

/// <summary>
/// The LM as the activities see it: waits <c>delay</c> per call (so a run lasts long enough to be killed mid-way), lets
/// the freeze plan hang it, answers through the inner client and then logs the request's cache key. The activities put
/// this client behind the store's content-addressed LM cache, so a key logged twice is an LM call the cache should have
/// answered.
/// </summary>
internal sealed class CallLoggingChatClient(
    IChatClient innerClient,
    Func<IEnumerable<ChatMessage>, ChatOptions?, string> cacheKey,
    AppendLog log,
    TimeSpan delay,
    FreezePlan freeze) : DelegatingChatClient(innerClient)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        await freeze.BeforeLmCallAsync();
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, cancellationToken);
        }

        var response = await base.GetResponseAsync(list, options, cancellationToken);

        // Logged after the answer: a call killed before it answered was never made as far as the cache can know.
        log.Append(cacheKey(list, options));
        return response;
    }

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => throw new NotSupportedException("The optimization's predictors do not stream.");
}
