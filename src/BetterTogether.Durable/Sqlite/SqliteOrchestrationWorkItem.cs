using DurableTask.Core;

namespace BetterTogether.Durable.Sqlite;

/// <summary>An orchestration work item with what its completion needs: the messages it consumed and the stored execution.</summary>
internal sealed class SqliteOrchestrationWorkItem : TaskOrchestrationWorkItem
{
    /// <summary>The orchestration-queue rows in <see cref="TaskOrchestrationWorkItem.NewMessages"/>, deleted on completion.</summary>
    public IReadOnlyList<long> MessageIds { get; set; } = [];

    /// <summary>The execution whose history was loaded; a different one on completion (continue-as-new) replaces the history.</summary>
    public string? ExecutionId { get; set; }
}
