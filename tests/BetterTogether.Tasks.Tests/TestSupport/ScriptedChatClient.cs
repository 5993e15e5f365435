using Microsoft.Extensions.AI;

namespace BetterTogether.Tasks.Tests.TestSupport;

/// <summary>A deterministic chat client for control-flow tests: the reply is computed from the request's messages.</summary>
internal sealed class ScriptedChatClient(Func<IReadOnlyList<ChatMessage>, string> reply) : IChatClient
{
    private readonly List<IReadOnlyList<ChatMessage>> _requests = [];

    public IReadOnlyList<IReadOnlyList<ChatMessage>> Requests => _requests;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        lock (_requests)
        {
            _requests.Add(list);
        }

        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, reply(list))));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    /// <summary>A reply in the ChatAdapter's field format.</summary>
    public static string Fields(params (string Name, string Value)[] fields) =>
        string.Join("\n\n", fields.Select(f => $"[[ ## {f.Name} ## ]]\n{f.Value}")) + "\n\n[[ ## completed ## ]]";
}
