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
            var reasoning = task.Rule.Reasoning(values, task.Labels);
            Assert.EndsWith($"so {name}.", reasoning, StringComparison.Ordinal);
            var m = Walk().Match(reasoning);
            Assert.True(m.Success, reasoning);
            var v = double.Parse(m.Groups["v"].Value, CultureInfo.InvariantCulture);
            var walked = m.Groups["walked"].Captures.Select(c => c.Value).ToList();
            var sides = m.Groups["side"].Captures.Select(c => c.Value).ToList();
            for (var i = 0; i < walked.Count; i++)
            {
                // A two-feature rule's second clause compares the second feature's value.
                var value = i == 1 && task.Rule.TwoFeatures ? double.Parse(m.Groups["v2"].Value, CultureInfo.InvariantCulture) : v;
                var cut = double.Parse(m.Groups["cut"].Captures[i].Value, CultureInfo.InvariantCulture);
                Assert.Equal(value, double.Parse(m.Groups["again"].Captures[i].Value, CultureInfo.InvariantCulture));
                Assert.Equal(cut < value ? "above" : "below", sides[i]);
            }

            // One feature: the walk names the labels in order and ends on the first threshold above the value (or
            // after the last threshold); the label is the interval with as many thresholds below the value.
            if (!task.Rule.TwoFeatures)
            {
                Assert.Equal(task.Labels.Take(walked.Count), walked);
                Assert.Equal(label, sides.Count(s => s == "above"));
                Assert.Equal(Math.Min(label + 1, task.Labels.Count - 1), walked.Count);
            }
            else
            {
                Assert.Equal(label == 0 ? 1 : 2, walked.Count);
            }
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
            var (values, _) = t.Rule.Sample(random);
            return t.Rule.Reasoning(values, t.Labels).Split(" is ")[0];
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

    [Fact]
    public void Draw_FlowerSepalsAndPetals_SpanBotanicalSizes()
    {
        var random = new Random(11);
        var specs = Enumerable.Range(0, 3000).Select(_ => SyntheticClassifier.Draw(random))
            .Where(t => t.Subject is "flower" or "plant").SelectMany(t => t.Features).ToList();
        void InRange(string name, double lowMin, double lowMax, double highMin, double highMax)
        {
            var matching = specs.Where(f => f.Name == name).ToList();
            Assert.True(matching.Count > 50, name);
            Assert.All(matching, f => Assert.InRange(f.Low, lowMin, lowMax));
            Assert.All(matching, f => Assert.InRange(f.High, highMin, highMax));
        }

        InRange("petal_length", 0.8, 1.6, 5.3, 8.1);
        InRange("petal_width", 0.1, 0.3, 1.9, 2.9);
        InRange("sepal_length", 4.0, 5.0, 6.8, 9.0);
        InRange("sepal_width", 1.8, 2.6, 3.4, 5.2);
    }

    [Fact]
    public void LatinName_VariesInLengthAndEnding_NeverAnIrisSpecies()
    {
        var random = new Random(13);
        var names = Enumerable.Range(0, 3000).Select(_ => ClassificationVocabulary.LatinName(random)).ToList();
        Assert.DoesNotContain(names, n => ClassificationVocabulary.ForbiddenLabels.Contains(n));
        Assert.InRange(names.Min(n => n.Length), 4, 6);
        Assert.True(names.Max(n => n.Length) >= 14, "some names are long");
        Assert.True(names.Select(n => n[^2..]).Distinct().Count() >= 15, "many endings");
        Assert.True(names.Distinct().Count() > 2900, "names rarely repeat");
    }

    [GeneratedRegex(@"^\w+ is (?<v>[0-9.]+)(?:; (?:\w+ is (?<v2>[0-9.]+); )?(?<walked>\w+) ends at (?<cut>[0-9.]+), (?<again>[0-9.]+) is (?<side>above|below))+, so \w+\.$")]
    private static partial Regex Walk();
}
