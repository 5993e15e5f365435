using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace BetterTogether.Workflow.Tests.Fakes;

/// <summary>A chat client that answers with a deterministic echo and counts its calls.</summary>
internal sealed class CountingChatClient(Func<Task>? beforeAnswer = null) : IChatClient
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var n = Interlocked.Increment(ref _calls);
        if (beforeAnswer is not null)
        {
            await beforeAnswer();
        }

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, $"echo: {messages.Last().Text} #{n}")) { ModelId = options?.ModelId };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
