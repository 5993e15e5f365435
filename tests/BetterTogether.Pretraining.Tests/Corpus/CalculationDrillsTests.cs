using System.Globalization;
using System.Text.RegularExpressions;
using BetterTogether.Pretraining.Corpus;

namespace BetterTogether.Pretraining.Tests.Corpus;

public sealed partial class CalculationDrillsTests
{
    [Fact]
    public void Create_EveryReplyLine_IsTheRequestedExpressionWithItsTrueValue()
    {
        var random = new Random(11);
        var operators = new HashSet<string>();
        for (var d = 0; d < 300; d++)
        {
            var doc = CalculationDrills.Create(random);
            Assert.Equal(TaskFamily.Calculation, doc.Family);
            Assert.Equal(["user", "assistant"], doc.Turns.Select(t => t.Role));
            var expressions = doc.Turns[0].Content.Split('\n');
            Assert.Equal("Calculate:", expressions[0]);
            var lines = doc.Turns[1].Content.Split('\n');
            Assert.Equal(expressions.Length - 1, lines.Length);
            Assert.InRange(lines.Length, 5, 10);
            for (var i = 0; i < lines.Length; i++)
            {
                var m = Equation().Match(lines[i]);
                Assert.True(m.Success, lines[i]);
                Assert.Equal(expressions[i + 1], $"{m.Groups["a"].Value} {m.Groups["op"].Value} {m.Groups["b"].Value}");
                int a = Int(m, "a"), b = Int(m, "b"), c = Int(m, "c");
                var op = m.Groups["op"].Value;
                operators.Add(op);
                Assert.Equal(op switch { "+" => a + b, "-" => a - b, "*" => a * b, _ => a / b }, c);
                Assert.True(op != "/" || a % b == 0, lines[i]);
                Assert.True(c >= 0, lines[i]);
            }
        }

        Assert.Equal(["*", "+", "-", "/"], operators.Order());
    }

    [Fact]
    public void Draw_CoversTheWordProblemsRanges()
    {
        var random = new Random(2);
        var drawn = Enumerable.Range(0, 5000).Select(_ => CalculationDrills.Draw(random)).ToList();
        Assert.Contains(drawn, x => x.Expression == "12 * 20" || x.Expression == "20 * 12");
        Assert.Contains(drawn, x => x.Expression.Contains(" - ", StringComparison.Ordinal) && x.Result > 50);
        Assert.All(drawn, x => Assert.InRange(x.Result, 0, 260));
    }

    private static int Int(Match m, string group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<a>\d+) (?<op>[-+*/]) (?<b>\d+) = (?<c>\d+)$")]
    private static partial Regex Equation();
}
