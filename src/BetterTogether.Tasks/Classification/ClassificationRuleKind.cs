namespace BetterTogether.Tasks.Classification;

/// <summary>How a synthetic classification task ties features to labels.</summary>
public enum ClassificationRuleKind
{
    /// <summary>Each label has a centroid per feature and examples scatter around it (like Iris).</summary>
    Clusters = 0,

    /// <summary>One feature's range is cut into intervals, one per label; other features are noise.</summary>
    Thresholds = 1,
}
