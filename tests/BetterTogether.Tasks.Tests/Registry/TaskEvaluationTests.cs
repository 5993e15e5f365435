using System.Globalization;
using System.Text.RegularExpressions;
using BetterTogether.Core.Evaluation;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Tasks.Registry;
using BetterTogether.Tasks.Tests.TestSupport;

namespace BetterTogether.Tasks.Tests.Registry;

public sealed class TaskEvaluationTests
{
    [Fact]
    public async Task Evaluate_IrisWithARuleFollowingLm_ScoresLikeTheRule()
    {
        // The scripted LM reads the rendered petal fields and applies the textbook rule; the evaluator then scores
        // it with the task's metric, so this checks prompt rendering, reply parsing and scoring end to end.
        var task = TaskRegistry.Get("iris");
        var client = new ScriptedChatClient(messages =>
        {
            var user = messages[^1].Text;
            var length = Field(user, "petal_length");
            var width = Field(user, "petal_width");
            var species = length < 2.5 ? "setosa" : width < 1.75 ? "versicolor" : "virginica";
            return ScriptedChatClient.Fields(("reasoning", $"Petal length {length} and width {width}."), ("species", species));
        });
        var program = task.CreateProgram(new LanguageModel(client, "scripted"));

        var result = await new Evaluator(task.Metric).EvaluateAsync(program, task.Data.Test);

        var expected = task.Data.Test.Count(e =>
        {
            var length = double.Parse(e["petal_length"], CultureInfo.InvariantCulture);
            var width = double.Parse(e["petal_width"], CultureInfo.InvariantCulture);
            return (length < 2.5 ? "setosa" : width < 1.75 ? "versicolor" : "virginica") == e["species"];
        });
        Assert.Equal(Math.Round(100.0 * expected / task.Data.Test.Count, 2), result.Score);
        Assert.InRange(result.Score, 90, 100);
        Assert.Equal(task.Data.Test.Count, client.Requests.Count);
    }

    private static double Field(string text, string name)
    {
        var match = Regex.Match(text, $@"\[\[ ## {name} ## \]\]\n([0-9.]+)", RegexOptions.CultureInvariant);
        Assert.True(match.Success, $"field {name} not rendered in: {text}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
