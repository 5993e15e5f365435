using System.Collections.Concurrent;
using System.Globalization;
using BetterTogether.Core.LanguageModels;
using Microsoft.Extensions.AI;

namespace BetterTogether.Workflow.Tests.Optimization;

/// <summary>
/// A scripted LM for the addition task: with any LoRA adapter it always answers right; without one it answers
/// right only when the sum is even (never, with <see cref="WrongWithoutAdapter"/>), so fine-tuning visibly helps.
/// <see cref="Garbles"/> makes chosen replies unparseable. Counts calls and records adapters seen.
/// </summary>
internal sealed class AdditionLm : IChatClient
{
    /// <summary>Without an adapter, every answer is wrong: no traced run passes the metric.</summary>
    public bool WrongWithoutAdapter { get; init; }

    /// <summary>Given the question and the number of demos in the prompt, true when the reply should not parse (a failed example).</summary>
    public Func<string, int, bool>? Garbles { get; init; }

    private readonly ConcurrentQueue<string?> _adapters = new();
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public IReadOnlyList<string?> AdaptersSeen => [.. _adapters];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        var adapter = options?.AdditionalProperties?.TryGetValue(ChatOptionKeys.AdapterName, out var a) == true ? a as string : null;
        _adapters.Enqueue(adapter);
        var list = messages.ToList();
        var question = Field(list[^1].Text, "question");
        var parts = question.Split('+');
        var sum = int.Parse(parts[0], CultureInfo.InvariantCulture) + int.Parse(parts[1], CultureInfo.InvariantCulture);
        var answer = adapter is not null || (sum % 2 == 0 && !WrongWithoutAdapter) ? sum : sum + 1;
        var demos = (list.Count - 2) / 2; // system, a user/assistant pair per demo, the question
        var text = Garbles?.Invoke(question, demos) == true
            ? $"the answer is {answer.ToString(CultureInfo.InvariantCulture)}"
            : $"[[ ## answer ## ]]\n{answer.ToString(CultureInfo.InvariantCulture)}\n\n[[ ## completed ## ]]";
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            Usage = new UsageDetails { InputTokenCount = list.Sum(m => m.Text.Length) / 4, OutputTokenCount = 5 },
        });
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        => throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    private static string Field(string text, string name)
    {
        var header = $"[[ ## {name} ## ]]\n";
        var start = text.IndexOf(header, StringComparison.Ordinal) + header.Length;
        var end = text.IndexOf("\n\n", start, StringComparison.Ordinal);
        return (end < 0 ? text[start..] : text[start..end]).Trim();
    }
}
