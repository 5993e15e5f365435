namespace BetterTogether.Tasks.Registry;

/// <summary>The metrics a task (or a user's own data, <c>--metric</c>) can use.</summary>
public enum TaskMetricKind
{
    /// <summary>Exact label, ignoring case, surrounding whitespace, quotes and final punctuation.</summary>
    Exact = 0,

    /// <summary>The final numbers are equal.</summary>
    Numeric = 1,

    /// <summary>HotpotQA token F1.</summary>
    F1 = 2,

    /// <summary>HotpotQA exact match (normalized answers).</summary>
    ExactMatch = 3,
}
