using System.Text;

namespace BetterTogether.Pretraining.Corpus.Classification;

/// <summary>
/// A hidden threshold rule over one feature (2-4 labels, one interval each) or, rarely, two features (3 labels:
/// the first feature splits off one label, the second splits the rest), with the formulaic reasoning
/// that explains a label ("petal_length is 1.4; alpha ends at 2.5, 1.4 is below, so alpha.").
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

    /// <summary>The rule in words, in the reasoning's terms: <c>alpha ends at 2.5, beta ends at 4.8, gamma is above</c>.</summary>
    /// <param name="labels">The labels, in interval order.</param>
    /// <exception cref="InvalidOperationException">The rule splits on two features.</exception>
    public string Describe(IReadOnlyList<string> labels)
    {
        if (TwoFeatures)
        {
            throw new InvalidOperationException("Only a one-feature rule can be stated as intervals.");
        }

        var fa = _features[_keyA];
        var parts = _cuts.Select((c, i) => $"{labels[i]} ends at {fa.Format(c)}").Append($"{labels[^1]} is above");
        return string.Join(", ", parts);
    }

    /// <summary>
    /// Moves the key value of <paramref name="values"/> to 1-5 steps of its precision from a random threshold, on
    /// either side (never below the feature's range): the comparisons a model gets wrong when it only looks at the first digit.
    /// </summary>
    /// <returns>The new values and their label.</returns>
    public (double[] Values, int Label) NearThreshold(Random random, double[] values)
    {
        var fa = _features[_keyA];
        var step = Math.Pow(10, -fa.Decimals);
        var moved = (double[])values.Clone();
        var cut = _cuts[random.Next(_cuts.Length)];
        var offset = (1 + random.Next(5)) * step;
        var below = random.Next(2) == 0 && cut - offset >= fa.Low;
        moved[_keyA] = Math.Round(below ? cut - offset : cut + offset, fa.Decimals);
        return (moved, Label(moved));
    }

    /// <summary>
    /// The reasoning that derives the label of <paramref name="values"/>: the key value, then the labels in interval
    /// order, each with the threshold its interval ends at and the value's side of it, stopping at the first threshold
    /// above the value (<c>petal_length is 4.0; alpha ends at 2.5, 4.0 is above; beta ends at 4.8, 4.0 is below, so
    /// beta.</c>). The value is written again next to each threshold, so the two numbers a comparison needs sit a few
    /// tokens apart; the label is the one just written; how many thresholds to write follows from the labels walked,
    /// not from counting them.
    /// </summary>
    /// <param name="values">The item's feature values.</param>
    /// <param name="labels">The labels, in interval order.</param>
    public string Reasoning(double[] values, IReadOnlyList<string> labels)
    {
        var fa = _features[_keyA];
        var a = values[_keyA];
        var text = new StringBuilder($"{fa.Name} is {fa.Format(a)}");
        var interval = Walk(text, fa, a, _cuts, labels, 0);
        if (TwoFeatures && interval > 0)
        {
            var fb = _features[_keyB];
            var b = values[_keyB];
            text.Append($"; {fb.Name} is {fb.Format(b)}");
            interval = Walk(text, fb, b, [_cutB], labels, 1);
        }

        return text.Append($", so {labels[interval]}.").ToString();
    }

    /// <summary>Appends <c>; label ends at cut, value is above|below</c> per cut until one is above the value.</summary>
    /// <returns>The index of the label the walk ends on.</returns>
    private static int Walk(StringBuilder text, FeatureSpec feature, double value, IReadOnlyList<double> cuts, IReadOnlyList<string> labels, int first)
    {
        for (var i = 0; i < cuts.Count; i++)
        {
            var higher = cuts[i] > value;
            text.Append($"; {labels[first + i]} ends at {feature.Format(cuts[i])}, {feature.Format(value)} is {(higher ? "below" : "above")}");
            if (higher)
            {
                return first + i;
            }
        }

        return first + cuts.Count;
    }
}
