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
            var intervals = rule.Groups["intervals"].Value.Split("; ");
            var cuts = new List<double>();
            var labels = new List<string>();
            foreach (var interval in intervals)
            {
                var m = Interval().Match(interval);
                Assert.True(m.Success, interval);
                labels.Add(m.Groups["label"].Value);
                if (m.Groups["b"].Success)
                {
                    cuts.Add(Num(m.Groups["b"].Value));
                }
                else if (m.Groups["place"].Value == "below")
                {
                    cuts.Add(Num(m.Groups["a"].Value));
                }
            }

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
                var sides = m.Groups["side"].Captures.Select(c => c.Value).ToList();
                Assert.Equal(cuts.Select(c => $"{c.ToString("0.#", CultureInfo.InvariantCulture)}").ToList(), sides.Select(x => Num(x.Split(' ')[0]).ToString("0.#", CultureInfo.InvariantCulture)).ToList());
                Assert.Equal(index, sides.Count(x => x.EndsWith("lower", StringComparison.Ordinal)));
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

    [GeneratedRegex(@"^Classify by (?<feature>\w+): (?<intervals>.+)\.$")]
    private static partial Regex Rule();

    [GeneratedRegex(@"^(?<place>below|between|above) (?<a>[\d.]+)(?: and (?<b>[\d.]+))?: (?<label>\w+)$")]
    private static partial Regex Interval();

    [GeneratedRegex(@"^(?<feature>\w+) is (?<value>[\d.]+); (?:(?<side>[\d.]+ is (?:lower|higher))(?:, | and |(?=,)))+, so (?<label>\w+)\.$")]
    private static partial Regex Placement();
}
