namespace BetterTogether.Tasks.Common;

/// <summary>A dataset divided into train, dev and test sets that share no items.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Train">Items for bootstrapping demos and fine-tuning.</param>
/// <param name="Dev">Items for choosing among candidates (validation).</param>
/// <param name="Test">Held-out items for the final score.</param>
public sealed record DatasetSplit<T>(IReadOnlyList<T> Train, IReadOnlyList<T> Dev, IReadOnlyList<T> Test)
{
    /// <summary>All items: train, then dev, then test.</summary>
    public IEnumerable<T> All => Train.Concat(Dev).Concat(Test);
}
