using System.Globalization;
using System.Text.RegularExpressions;
using BetterTogether.Pretraining.Corpus.Classification;

namespace BetterTogether.Pretraining.Tests.Corpus;

public sealed partial class ClassificationDocumentsTests
{
    [Fact]
    public void ThresholdRule_Reasoning_AgreesWithTheValueAndTheLabel()
    {
        var random = new Random(3);
        for (var t = 0; t < 200; t++)
        {
            var task = SyntheticClassifier.Draw(random);
            var (values, label) = task.Rule.Sample(random);
            var name = task.Labels[label];
            var reasoning = task.Rule.Reasoning(values, name);
            Assert.EndsWith($"so {name}.", reasoning, StringComparison.Ordinal);
            var m = Clause().Match(reasoning);
            Assert.True(m.Success, reasoning);
            var v = double.Parse(m.Groups["v"].Value, CultureInfo.InvariantCulture);
            var lower = 0;
            foreach (Capture side in m.Groups["side"].Captures)
            {
                var cut = double.Parse(side.Value.Split(' ')[0], CultureInfo.InvariantCulture);
                var isLower = side.Value.EndsWith("lower", StringComparison.Ordinal);
                Assert.True(isLower ? cut < v : cut > v, reasoning);
                lower += isLower ? 1 : 0;
            }

            // One feature: the label is the interval with that many thresholds below the value.
            Assert.True(task.Rule.TwoFeatures || lower == label, reasoning);
        }
    }

    [Fact]
    public void Draw_ManyDifferentRules_TwoToFourLabels()
    {
        var random = new Random(5);
        var tasks = Enumerable.Range(0, 300).Select(_ => SyntheticClassifier.Draw(random)).ToList();
        Assert.All(tasks, t => Assert.InRange(t.Labels.Count, 2, 4));
        Assert.True(tasks.Select(t => string.Join(',', t.Features.Select(f => f.Name))).Distinct().Count() > 200);
        Assert.Contains(tasks, t => t.Rule.TwoFeatures);
    }

    [Fact]
    public void Draw_Flowers_MostlySplitOnAPetalMeasurement_OthersOnAnyFeature()
    {
        var random = new Random(7);
        var tasks = Enumerable.Range(0, 3000).Select(_ => SyntheticClassifier.Draw(random)).ToList();
        string KeyFeature(SyntheticClassifier t)
        {
            var (values, label) = t.Rule.Sample(random);
            return t.Rule.Reasoning(values, t.Labels[label]).Split(" is ")[0];
        }

        var flowers = tasks.Where(t => t.Subject is "flower" or "plant" && t.Features.Any(f => f.Name.StartsWith("petal_", StringComparison.Ordinal))).ToList();
        Assert.InRange(flowers.Count, 300, 900);
        Assert.All(flowers.SelectMany(t => t.Features), f => Assert.Matches("^(sepal|petal|leaf|stem)_(length|width)$", f.Name));
        var petalKeyed = flowers.Count(t => KeyFeature(t).StartsWith("petal_", StringComparison.Ordinal));
        Assert.InRange((double)petalKeyed / flowers.Count, 0.7, 0.95);

        // Elsewhere the key feature is drawn uniformly: the first-listed feature is the key about 1/k of the time.
        var others = tasks.Where(t => t.Subject is not ("flower" or "plant")).ToList();
        var expected = others.Sum(t => 1.0 / t.Features.Count);
        var firstKeyed = others.Count(t => KeyFeature(t) == t.Features[0].Name);
        Assert.InRange(firstKeyed, expected * 0.85, expected * 1.15);
    }

    [GeneratedRegex(@"is (?<v>[0-9.]+); (?:(?<side>[0-9.]+ is (?:lower|higher))(?:, | and |(?=[,;])))+")]
    private static partial Regex Clause();
}
