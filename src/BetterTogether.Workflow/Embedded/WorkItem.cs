namespace BetterTogether.Workflow.Embedded;

/// <summary>A new event for an instance's mailbox; <see cref="Ack"/> completes once it is persisted (or dropped).</summary>
internal sealed record WorkItem(HistoryEvent Event, int Generation, TaskCompletionSource? Ack);
