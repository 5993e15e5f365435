using System.Globalization;
using System.Text;
using BetterTogether.Engine.ChatTemplates;

namespace BetterTogether.Pretraining.Corpus;

/// <summary>
/// Short calculation drills (no system prompt): a list of expressions, answered one equation per line
/// (<c>47 - 15 = 32</c>), in the shapes and operand ranges the arithmetic word problems' reasoning uses (sums,
/// differences, products up to 12 x 20, exact quotients, change from a round amount). A word problem spends one
/// or two result tokens per few hundred prompt tokens; the drills give the model the arithmetic facts at a few
/// tokens each, so it computes <c>16 - 3</c> instead of copying a nearby number.
/// </summary>
internal static class CalculationDrills
{
    public const string PredictorName = "calculate";

    public static CorpusDocument Create(Random random)
    {
        var count = 5 + random.Next(6);
        var request = new StringBuilder("Calculate:");
        var reply = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var (expression, result) = Draw(random);
            request.Append('\n').Append(expression);
            if (i > 0)
            {
                reply.Append('\n');
            }

            reply.Append(expression).Append(" = ").Append(result.ToString(CultureInfo.InvariantCulture));
        }

        return new CorpusDocument(TaskFamily.Calculation, PredictorName, [new ChatTurn("user", request.ToString()), new ChatTurn(ChatTurn.AssistantRole, reply.ToString())]);
    }

    /// <summary>One expression and its value, drawn over the word problems' shapes.</summary>
    internal static (string Expression, int Result) Draw(Random random)
    {
        switch (random.Next(7))
        {
            case 0:
                {
                    int a = Between(random, 2, 20), b = Between(random, 2, 20);
                    return (Format(a, '+', b), a + b);
                }

            case 1:
                {
                    // A running total plus a product (a + b * c), as two-step problems add it.
                    int a = Between(random, 2, 20), b = Between(random, 4, 240);
                    return (Format(a, '+', b), a + b);
                }

            case 2:
                {
                    var a = Between(random, 3, 20);
                    var b = Between(random, 1, a - 1);
                    return (Format(a, '-', b), a - b);
                }

            case 3:
                {
                    // Larger differences: change from a round amount, or what is left to share.
                    var a = random.Next(2) == 0 ? 10 * Between(random, 1, 11) : Between(random, 10, 70);
                    var b = Between(random, 1, a - 1);
                    return (Format(a, '-', b), a - b);
                }

            case 4:
            case 5:
                {
                    int a = Between(random, 1, 12), b = Between(random, 1, 20);
                    return random.Next(2) == 0 ? (Format(a, '*', b), a * b) : (Format(b, '*', a), a * b);
                }

            default:
                {
                    int each = Between(random, 1, 20), groups = Between(random, 1, 10);
                    return (Format(each * groups, '/', groups), each);
                }
        }
    }

    private static int Between(Random random, int low, int high) => low + random.Next(high - low + 1);

    private static string Format(int a, char op, int b) =>
        string.Create(CultureInfo.InvariantCulture, $"{a} {op} {b}");
}
