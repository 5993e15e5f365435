using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace BetterTogether.Core.Tests.TestSupport;

/// <summary>A deterministic chat client for control-flow tests: replies are computed from the request.</summary>
internal sealed class ScriptedChatClient(Func<ScriptedRequest, string> reply) : IChatClient
{
    private readonly ConcurrentQueue<ScriptedRequest> _requests = new();

    public IReadOnlyList<ScriptedRequest> Requests => [.. _requests];

    public TimeSpan Delay { get; init; }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = new ScriptedRequest([.. messages], options);
        _requests.Enqueue(request);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken);
        }

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, reply(request)))
        {
            Usage = new UsageDetails { InputTokenCount = request.Messages.Sum(m => m.Text.Length), OutputTokenCount = 7 },
        };
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}

internal sealed record ScriptedRequest(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)
{
    public string LastUser => Messages[^1].Text;

    public string System => Messages[0].Text;

    public string? AdapterName => Options?.AdditionalProperties?.TryGetValue(Core.LanguageModels.ChatOptionKeys.AdapterName, out var v) == true ? v as string : null;

    public int? RolloutId => Options?.AdditionalProperties?.TryGetValue(Core.LanguageModels.ChatOptionKeys.RolloutId, out var v) == true ? v as int? : null;

    /// <summary>The value of an input field in the final user turn.</summary>
    public string Field(string name) => FieldIn(LastUser, name);

    public static string FieldIn(string text, string name)
    {
        var header = $"[[ ## {name} ## ]]\n";
        var start = text.IndexOf(header, StringComparison.Ordinal);
        if (start < 0)
        {
            return string.Empty;
        }

        start += header.Length;
        var end = text.IndexOf("\n\n", start, StringComparison.Ordinal);
        return (end < 0 ? text[start..] : text[start..end]).Trim();
    }

    /// <summary>The user turns that are demos (all but the last).</summary>
    public IEnumerable<string> DemoUserTurns => Messages.Skip(1).SkipLast(1).Where(m => m.Role == ChatRole.User).Select(m => m.Text);
}
