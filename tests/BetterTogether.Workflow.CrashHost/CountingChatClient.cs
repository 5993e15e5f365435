using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace BetterTogether.Workflow.CrashHost;

/// <summary>Stands in for the LM: answers deterministically and logs every call (the item number) to a file.</summary>
internal sealed class CountingChatClient(AppendLog calls) : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var text = messages.Last().Text;
        calls.Append(int.Parse(text.AsSpan(text.LastIndexOf(' ') + 1), CultureInfo.InvariantCulture));
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, $"answer to {text}")));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
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
