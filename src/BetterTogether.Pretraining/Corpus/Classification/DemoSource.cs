namespace BetterTogether.Pretraining.Corpus.Classification;

/// <summary>Where the demos of one classification document come from.</summary>
internal enum DemoSource
{
    /// <summary>Traces whose reasoning states the rule's own thresholds.</summary>
    Exact,

    /// <summary>A weaker model's correct traces: right about their item, with thresholds moved off the rule's.</summary>
    Approximate,

    /// <summary>Labeled items: features and label, no reasoning.</summary>
    Labeled,
}
