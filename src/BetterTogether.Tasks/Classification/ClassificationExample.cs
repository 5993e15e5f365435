namespace BetterTogether.Tasks.Classification;

/// <summary>One labeled example of a <see cref="SyntheticClassificationTask"/>.</summary>
/// <param name="Values">Feature values, aligned with <see cref="SyntheticClassificationTask.FeatureNames"/>, formatted as text.</param>
/// <param name="Label">The gold label, one of <see cref="SyntheticClassificationTask.Labels"/>.</param>
public sealed record ClassificationExample(IReadOnlyList<string> Values, string Label);
