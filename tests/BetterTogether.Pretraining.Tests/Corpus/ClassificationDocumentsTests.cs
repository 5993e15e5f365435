using System.Globalization;
using System.Text.RegularExpressions;
using BetterTogether.Engine.ChatTemplates;
using BetterTogether.Pretraining.Corpus.Classification;

namespace BetterTogether.Pretraining.Tests.Corpus;

public sealed partial class ClassificationDocumentsTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ThresholdRule_Reasoning_AgreesWithTheValueAndTheLabel(bool approximate)
    {
        var random = new Random(3);
        var moved = 0;
        for (var t = 0; t < 200; t++)
        {
            var task = SyntheticClassifier.Draw(random);
            var (values, label) = task.Rule.Sample(random);
            var name = task.Labels[label];
            var exact = task.Rule.Reasoning(values, task.Labels);
            var reasoning = approximate ? task.Rule.ApproximateReasoning(random, values, task.Labels) : exact;
            moved += reasoning == exact ? 0 : 1;
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

        // An approximate trace reaches the same label by the same walk, with thresholds that are mostly not the rule's.
        Assert.InRange(moved, approximate ? 150 : 0, approximate ? 200 : 0);
    }

    [Fact]
    public void DrawSource_OneSourcePerDocument_MostlyExactTraces()
    {
        var random = new Random(5);
        var sources = Enumerable.Range(0, 10_000).Select(_ => ClassificationDocuments.DrawSource(random)).ToList();
        double Share(DemoSource s) => sources.Count(x => x == s) / (double)sources.Count;

        Assert.InRange(Share(DemoSource.Labeled), ClassificationDocuments.LabeledDocumentRate - 0.02, ClassificationDocuments.LabeledDocumentRate + 0.02);
        Assert.InRange(Share(DemoSource.Approximate), ClassificationDocuments.ApproximateDocumentRate - 0.02, ClassificationDocuments.ApproximateDocumentRate + 0.02);
        Assert.InRange(Share(DemoSource.Exact), 0.48, 0.52);
    }

    [Fact]
    public void Create_OneDocumentInFiveWithDemos_AllDemosLabeled()
    {
        // With three or more demos, all of them lack reasoning by chance in under 2 % of trace documents (0.25^3), so
        // the share of such documents is about the labeled source's.
        var random = new Random(11);
        var withDemos = 0;
        var allLabeled = 0;
        for (var d = 0; d < 3000; d++)
        {
            var demos = ClassificationDocuments.Create(random, 5).Turns.Where(t => t.Role == ChatTurn.AssistantRole).SkipLast(1).ToList();
            if (demos.Count >= 3)
            {
                withDemos++;
                allLabeled += demos.All(t => t.Content.Contains("Not supplied for this particular example", StringComparison.Ordinal)) ? 1 : 0;
            }
        }

        Assert.InRange(allLabeled / (double)withDemos, ClassificationDocuments.LabeledDocumentRate - 0.04, ClassificationDocuments.LabeledDocumentRate + 0.05);
    }

    [GeneratedRegex(@"^\w+ is (?<v>[0-9.]+)(?:; (?:\w+ is (?<v2>[0-9.]+); )?(?<walked>\w+) ends at (?<cut>[0-9.]+), (?<again>[0-9.]+) is (?<side>above|below))+, so \w+\.$")]
    private static partial Regex Walk();
}
