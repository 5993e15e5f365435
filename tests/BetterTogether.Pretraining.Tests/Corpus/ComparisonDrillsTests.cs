using System.Globalization;
using System.Text.RegularExpressions;
using BetterTogether.Pretraining.Corpus;
using BetterTogether.Pretraining.Corpus.Classification;

namespace BetterTogether.Pretraining.Tests.Corpus;

public sealed partial class ComparisonDrillsTests
{
    [Fact]
    public void Create_EveryReplyLine_ComparesItsValueWithEachThresholdAndNamesItsLabel()
    {
        var random = new Random(5);
        var places = new HashSet<string>();
        var nearThreshold = 0;
        var lines = 0;
        for (var d = 0; d < 300; d++)
        {
            var doc = ComparisonDrills.Create(random);
            Assert.Equal(TaskFamily.Comparison, doc.Family);
            Assert.Equal(["user", "assistant"], doc.Turns.Select(t => t.Role));
            var request = doc.Turns[0].Content.Split('\n');
            var rule = Rule().Match(request[0]);
            Assert.True(rule.Success, request[0]);
            var feature = rule.Groups["feature"].Value;
            var parts = rule.Groups["parts"].Value.Split(", ");
            var cuts = new List<double>();
            var labels = new List<string>();
            foreach (var part in parts)
            {
                var m = Part().Match(part);
                Assert.True(m.Success, part);
                labels.Add(m.Groups["label"].Value);
                if (m.Groups["cut"].Success)
                {
                    cuts.Add(Num(m.Groups["cut"].Value));
                }
            }

            Assert.Equal(labels.Count - 1, cuts.Count);
            Assert.EndsWith(" is above", parts[^1], StringComparison.Ordinal);
            Assert.Equal(cuts.Order(), cuts);
            var replies = doc.Turns[1].Content.Split('\n');
            Assert.Equal(request.Length - 1, replies.Length);
            for (var i = 0; i < replies.Length; i++)
            {
                var m = Placement().Match(replies[i]);
                Assert.True(m.Success, replies[i]);
                Assert.Equal(feature, m.Groups["feature"].Value);
                Assert.Equal(request[i + 1], m.Groups["value"].Value);
                var value = Num(m.Groups["value"].Value);
                var index = cuts.Count(c => value > c);
                Assert.Equal(labels[index], m.Groups["label"].Value);

                // The walk names the labels in order with their thresholds and stops at the first threshold above the value.
                var walked = m.Groups["walked"].Captures.Select(c => c.Value).ToList();
                var walkedCuts = m.Groups["cut"].Captures.Select(c => Num(c.Value)).ToList();
                var sides = m.Groups["side"].Captures.Select(c => c.Value).ToList();
                Assert.Equal(labels.Take(walked.Count), walked);
                Assert.Equal(cuts.Take(walked.Count), walkedCuts);
                Assert.Equal(Math.Min(index + 1, cuts.Count), walked.Count);
                Assert.All(walkedCuts.Zip(sides), x => Assert.Equal(x.First < value ? "above" : "below", x.Second));
                var place = index == 0 ? "below" : index == cuts.Count ? "above" : "between";
                places.Add(place);
                lines++;
                nearThreshold += cuts.Any(c => Math.Abs(value - c) <= 5 * Step(m.Groups["value"].Value) + 1e-9) ? 1 : 0;
            }
        }

        Assert.Equal(["above", "below", "between"], places.Order());
        // Half the values are moved next to a threshold; random ones land there too now and then.
        Assert.InRange((double)nearThreshold / lines, 0.45, 0.8);
    }

    private static double Num(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    private static double Step(string s) => s.Contains('.', StringComparison.Ordinal) ? 0.1 : 1;

    [GeneratedRegex(@"^Classify by (?<feature>\w+): (?<parts>.+)\.$")]
    private static partial Regex Rule();

    [GeneratedRegex(@"^(?<label>\w+) (?:ends at (?<cut>[\d.]+)|is above)$")]
    private static partial Regex Part();

    [GeneratedRegex(@"^(?<feature>\w+) is (?<value>[\d.]+)(?:; (?<walked>\w+) ends at (?<cut>[\d.]+), \k<value> is (?<side>above|below))+, so (?<label>\w+)\.$")]
    private static partial Regex Placement();
}
