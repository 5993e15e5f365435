using BetterTogether.Core.Examples;
using BetterTogether.Core.Optimizers;

namespace BetterTogether.Workflow.Optimization.Activities;

/// <summary>One line of a traces JSONL artifact: a traced run over one training example, its calls rendered as chat records.</summary>
internal sealed record StoredTrace(int ExampleIndex, Example Example, Prediction Prediction, IReadOnlyList<TracedCall> Calls, double? Score, string? Error, bool ParseFailed)
{
    public static StoredTrace From(TracedExample traced) =>
        new(traced.ExampleIndex, traced.Example, traced.Prediction, traced.Calls, traced.Score, traced.Error, traced.ParseFailed);

    public TracedExample ToTracedExample() => new(ExampleIndex, Example, Prediction, [], Calls, Score, Error, ParseFailed);
}
