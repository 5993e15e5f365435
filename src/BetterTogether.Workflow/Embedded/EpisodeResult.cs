using BetterTogether.Workflow.Orchestration;

namespace BetterTogether.Workflow.Embedded;

/// <summary>What one replay episode produced: new actions and, when the code finished, how.</summary>
internal sealed record EpisodeResult(IReadOnlyList<HistoryEvent> NewActions, string? CustomStatusJson)
{
    /// <summary>ExecutionCompleted, ExecutionFailed or ContinuedAsNew; null while the code waits.</summary>
    public HistoryEventType? Outcome { get; init; }

    /// <summary>The output (Completed) or the new input (ContinuedAsNew), as JSON.</summary>
    public string? Data { get; init; }

    public TaskFailureDetails? Failure { get; init; }
}
