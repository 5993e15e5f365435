namespace BetterTogether.Tasks.Generators;

/// <summary>
/// Which side of the task/pretraining wall a generated item belongs to. The two partitions split the
/// space of possible items by a stable hash of each item's text, so no item generated for
/// <see cref="Pretraining"/> can ever equal one generated for <see cref="Task"/>, whatever the seeds.
/// </summary>
public enum DataPartition
{
    /// <summary>Items for the tasks' train, dev and test sets (what optimizers and evaluation see).</summary>
    Task = 0,

    /// <summary>Items for a pretraining corpus; disjoint from every <see cref="Task"/> item.</summary>
    Pretraining = 1,
}
