namespace BetterTogether.Pretraining.Corpus.Classification;

/// <summary>
/// A hidden threshold rule over one feature (2-4 labels, one interval each) or, rarely, two features (3 labels:
/// the first feature splits off one label, the second splits the rest), with the formulaic reasoning
/// that explains a label ("petal_length is 1.4, below 2.5, so alpha.").
/// </summary>
internal sealed class ThresholdRule
{
    private readonly FeatureSpec[] _features;
    private readonly int _keyA;
    private readonly int _keyB;
    private readonly double[] _cuts;
    private readonly double _cutB;

    /// <param name="random">Draws the key features and the thresholds.</param>
    /// <param name="features">The task's features.</param>
    /// <param name="labels">How many labels.</param>
    /// <param name="keyFeature">The feature the rule splits on first, or -1 to draw one.</param>
    public ThresholdRule(Random random, FeatureSpec[] features, int labels, int keyFeature = -1)
    {
        _features = features;
        LabelCount = labels;
        _keyA = keyFeature >= 0 ? keyFeature : random.Next(features.Length);
        TwoFeatures = labels == 3 && features.Length > 1 && random.Next(8) == 0;
        _keyB = TwoFeatures ? (_keyA + 1 + random.Next(features.Length - 1)) % features.Length : -1;
        var a = features[_keyA];
        var intervals = TwoFeatures ? 2 : labels;
        _cuts = new double[intervals - 1];
        for (var i = 1; i < intervals; i++)
        {
            var position = i + ((random.NextDouble() - 0.5) * 0.5);
            _cuts[i - 1] = Math.Round(a.Low + (position * (a.High - a.Low) / intervals), a.Decimals);
        }

        if (TwoFeatures)
        {
            var b = features[_keyB];
            _cutB = Math.Round(b.Low + ((0.35 + (random.NextDouble() * 0.3)) * (b.High - b.Low)), b.Decimals);
        }
    }

    public int LabelCount { get; }

    public bool TwoFeatures { get; }

    /// <summary>Draws feature values for a random label (balanced over labels), returning values and label index.</summary>
    public (double[] Values, int Label) Sample(Random random)
    {
        var target = random.Next(LabelCount);
        for (var attempt = 0; ; attempt++)
        {
            var values = _features.Select(f => f.Sample(random)).ToArray();
            var label = Label(values);
            if (label >= 0 && (label == target || attempt > 50))
            {
                return (values, label);
            }
        }
    }

    /// <summary>The label index of <paramref name="values"/>, or -1 when a key value sits exactly on a threshold.</summary>
    public int Label(double[] values)
    {
        var a = values[_keyA];
        if (_cuts.Contains(a) || (TwoFeatures && values[_keyB] == _cutB))
        {
            return -1;
        }

        var interval = _cuts.Count(c => a > c);
        if (!TwoFeatures)
        {
            return interval;
        }

        return interval == 0 ? 0 : values[_keyB] < _cutB ? 1 : 2;
    }

    /// <summary>The index of the feature the rule splits on first.</summary>
    public int KeyIndex => _keyA;

    /// <summary>The rule in words, one interval per label: <c>below 2.5: alpha; between 2.5 and 4.8: beta; above 4.8: gamma</c>.</summary>
    /// <param name="labels">The labels, in interval order.</param>
    /// <exception cref="InvalidOperationException">The rule splits on two features.</exception>
    public string Describe(IReadOnlyList<string> labels)
    {
        if (TwoFeatures)
        {
            throw new InvalidOperationException("Only a one-feature rule can be stated as intervals.");
        }

        var fa = _features[_keyA];
        var parts = new List<string>(LabelCount) { $"below {fa.Format(_cuts[0])}: {labels[0]}" };
        for (var i = 1; i < _cuts.Length; i++)
        {
            parts.Add($"between {fa.Format(_cuts[i - 1])} and {fa.Format(_cuts[i])}: {labels[i]}");
        }

        parts.Add($"above {fa.Format(_cuts[^1])}: {labels[^1]}");
        return string.Join("; ", parts);
    }

    /// <summary>
    /// Moves the key value of <paramref name="values"/> to 1-5 steps of its precision from a random threshold, on
    /// either side: the comparisons a model gets wrong when it only looks at the first digit.
    /// </summary>
    /// <returns>The new values and their label.</returns>
    public (double[] Values, int Label) NearThreshold(Random random, double[] values)
    {
        var fa = _features[_keyA];
        var step = Math.Pow(10, -fa.Decimals);
        var moved = (double[])values.Clone();
        var offset = (1 + random.Next(5)) * step * (random.Next(2) == 0 ? -1 : 1);
        moved[_keyA] = Math.Round(_cuts[random.Next(_cuts.Length)] + offset, fa.Decimals);
        return (moved, Label(moved));
    }

    /// <summary>
    /// The reasoning that derives <paramref name="label"/> from <paramref name="values"/>: the key value, then each
    /// threshold with its side of the value (<c>petal_length is 4.0; 2.5 is lower and 4.8 is higher, so beta.</c>).
    /// Each comparison is written after both of its numbers, and the label is the one whose interval has as many
    /// lower thresholds, so a small model decides one pair of numbers at a time instead of a three-way placement.
    /// </summary>
    public string Reasoning(double[] values, string label)
    {
        var fa = _features[_keyA];
        var a = values[_keyA];
        var first = $"{fa.Name} is {fa.Format(a)}; {Compare(fa, a, _cuts)}";
        if (!TwoFeatures || _cuts.Count(c => a > c) == 0)
        {
            return $"{first}, so {label}.";
        }

        var fb = _features[_keyB];
        var b = values[_keyB];
        return $"{first}; {fb.Name} is {fb.Format(b)}; {Compare(fb, b, [_cutB])}, so {label}.";
    }

    private static string Compare(FeatureSpec feature, double value, IReadOnlyList<double> cuts)
    {
        var sides = cuts.Select(c => $"{feature.Format(c)} is {(c < value ? "lower" : "higher")}").ToList();
        return sides.Count == 1 ? sides[0] : string.Join(", ", sides.Take(sides.Count - 1)) + " and " + sides[^1];
    }
}
