using System.Globalization;
using BetterTogether.Tasks.Common;

namespace BetterTogether.Tasks.Classification;

/// <summary>A random hidden rule from features to a label index, and a sampler of labeled points.</summary>
internal sealed class FeatureRule
{
    private static readonly double[] Scales = [1.0, 10.0, 100.0];
    private readonly ClassificationRuleKind _kind;
    private readonly int _labels;
    private readonly int _key;
    private readonly double[] _low;
    private readonly double[] _high;
    private readonly int[] _decimals;
    private readonly double[][] _centroids;
    private readonly double[] _spread;
    private readonly int[] _intervalLabel;

    public FeatureRule(DeterministicRandom random, int features, int labels, ClassificationRuleKind kind)
    {
        _kind = kind;
        _labels = labels;
        _key = random.Next(features);
        _low = new double[features];
        _high = new double[features];
        _decimals = new int[features];
        _spread = new double[features];
        _centroids = new double[labels][];
        for (var f = 0; f < features; f++)
        {
            var scale = random.Pick(Scales);
            _decimals[f] = scale <= 1.0 ? 1 : 0;
            _low[f] = Math.Round(random.NextDouble() * 5 * scale, _decimals[f]);
            _high[f] = Math.Round(_low[f] + ((2 + (random.NextDouble() * 8)) * scale), _decimals[f]);
            _spread[f] = (_high[f] - _low[f]) * (0.03 + (random.NextDouble() * 0.07));
        }

        // The key feature separates the labels: its centroids (or intervals) are evenly spaced in a random label order.
        _intervalLabel = Enumerable.Range(0, labels).ToArray();
        random.Shuffle(_intervalLabel);
        for (var l = 0; l < labels; l++)
        {
            _centroids[l] = new double[features];
            for (var f = 0; f < features; f++)
            {
                _centroids[l][f] = _low[f] + (random.NextDouble() * (_high[f] - _low[f]));
            }
        }

        for (var slot = 0; slot < labels; slot++)
        {
            var width = (_high[_key] - _low[_key]) / labels;
            _centroids[_intervalLabel[slot]][_key] = _low[_key] + ((slot + 0.5) * width);
        }
    }

    public (string[] Values, int Label) Sample(DeterministicRandom random)
    {
        var values = new double[_low.Length];
        int label;
        if (_kind == ClassificationRuleKind.Clusters)
        {
            label = random.Next(_labels);
            for (var f = 0; f < values.Length; f++)
            {
                values[f] = _centroids[label][f] + (random.NextGaussian() * _spread[f]);
            }
        }
        else
        {
            for (var f = 0; f < values.Length; f++)
            {
                values[f] = Math.Round(_low[f] + (random.NextDouble() * (_high[f] - _low[f])), _decimals[f]);
            }

            // The label follows the value as shown (rounded), so the rule is exact on what the model reads.
            var width = (_high[_key] - _low[_key]) / _labels;
            var slot = Math.Clamp((int)((values[_key] - _low[_key]) / width), 0, _labels - 1);
            label = _intervalLabel[slot];
        }

        var text = new string[values.Length];
        for (var f = 0; f < values.Length; f++)
        {
            var clamped = Math.Clamp(values[f], _low[f], _high[f]);
            text[f] = Math.Round(clamped, _decimals[f]).ToString(_decimals[f] == 0 ? "0" : "0.0", CultureInfo.InvariantCulture);
        }

        return (text, label);
    }
}
