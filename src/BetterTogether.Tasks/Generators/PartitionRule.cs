using BetterTogether.Tasks.Common;

namespace BetterTogether.Tasks.Generators;

/// <summary>
/// Assigns an item's canonical text to a <see cref="DataPartition"/>: hash buckets below
/// <see cref="TaskBucketCount"/> (of <see cref="BucketCount"/>) belong to <see cref="DataPartition.Task"/>.
/// </summary>
public static class PartitionRule
{
    /// <summary>The number of hash buckets.</summary>
    public const int BucketCount = 100;

    /// <summary>How many buckets (out of <see cref="BucketCount"/>) belong to the task partition.</summary>
    public const int TaskBucketCount = 20;

    /// <summary>The partition an item with this canonical text belongs to.</summary>
    /// <param name="canonicalText">The item's identifying text (for example its question).</param>
    public static DataPartition Of(string canonicalText)
    {
        ArgumentNullException.ThrowIfNull(canonicalText);
        return StableHash.Of(canonicalText) % BucketCount < TaskBucketCount ? DataPartition.Task : DataPartition.Pretraining;
    }

    /// <summary>Whether an item with this canonical text belongs to <paramref name="partition"/>.</summary>
    public static bool Allows(DataPartition partition, string canonicalText) => Of(canonicalText) == partition;
}
