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
            var cut = double.Parse(m.Groups["t"].Value, CultureInfo.InvariantCulture);
            Assert.True(m.Groups["side"].Value == "below" ? v < cut : v > cut, reasoning);
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

    [GeneratedRegex(@"is (?<v>[0-9.]+), (?<side>below|above|between) (?<t>[0-9.]+)")]
    private static partial Regex Clause();
}
