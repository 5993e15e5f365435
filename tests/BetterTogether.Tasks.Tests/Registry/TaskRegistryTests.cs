using BetterTogether.Core.Examples;
using BetterTogether.Tasks.Registry;

namespace BetterTogether.Tasks.Tests.Registry;

public sealed class TaskRegistryTests
{
    [Theory]
    [InlineData("iris", 50, 50, 50, "species")]
    [InlineData("arithmetic", 200, 200, 300, "answer")]
    [InlineData("gsm8k", 200, 200, 300, "answer")]
    [InlineData("multihop", 150, 150, 250, "answer")]
    [InlineData("hotpotqa", 300, 300, 500, "answer")]
    public void Get_EachTask_HasDocumentedSizesAProgramThatFitsItsExamplesAndAMetricThatAcceptsGold(string name, int train, int dev, int test, string output)
    {
        var task = TaskRegistry.Get(name);

        Assert.Equal(name, task.Name);
        Assert.Equal((train, dev, test), (task.Data.Train.Count, task.Data.Dev.Count, task.Data.Test.Count));
        var program = task.CreateProgram(null);
        var inputs = task.Data.Train[0].InputKeys;
        Assert.Contains(program.Predictors(), p => p.Signature.InputFields.All(f => inputs.Contains(f.Name) || f.Name == "context"));
        Assert.All(task.Data.All.Take(50), e => Assert.Equal(1.0, task.Metric(e, Prediction.From((output, e[output])), null)));
        Assert.Equal(0.0, task.Metric(task.Data.Dev[0], Prediction.From((output, "definitely wrong 123456789")), null));
    }

    [Fact]
    public void Get_UnknownName_ListsKnownTasks()
    {
        var ex = Assert.Throws<ArgumentException>(() => TaskRegistry.Get("mnist"));

        Assert.Contains("iris, arithmetic, gsm8k, multihop, hotpotqa", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_IsCaseInsensitiveAndSeeded()
    {
        var a = TaskRegistry.Get("IRIS", seed: 3).Data.Train.Select(e => e.ToString());
        var b = TaskRegistry.Get("iris", seed: 3).Data.Train.Select(e => e.ToString());
        var c = TaskRegistry.Get("iris", seed: 4).Data.Train.Select(e => e.ToString());

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Metrics_ScoreTheirOwnWay()
    {
        var example = Example.From(("answer", "The Eiffel Tower")).WithInputs("answer");

        Assert.Equal(1.0, TaskMetrics.AnswerExactMatch("answer")(example, Prediction.From(("answer", "eiffel tower.")), null));
        Assert.Equal(0.8, TaskMetrics.AnswerF1("answer")(example, Prediction.From(("answer", "Eiffel Tower Paris")), null), 12);
        Assert.Equal(0.0, TaskMetrics.ExactLabel("answer")(example, Prediction.Empty, null));
        Assert.Equal(1.0, TaskMetrics.NumericAnswer("answer")(Example.From(("answer", "18")), Prediction.From(("answer", "$18.00")), null));
    }
}
