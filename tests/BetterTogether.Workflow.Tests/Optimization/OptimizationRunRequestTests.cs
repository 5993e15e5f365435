using BetterTogether.Core.Examples;
using BetterTogether.Core.Optimizers;
using BetterTogether.Workflow.Optimization;

namespace BetterTogether.Workflow.Tests.Optimization;

public sealed class OptimizationRunRequestTests
{
    [Theory]
    [InlineData("p -> x", typeof(StrategyParseException))]
    [InlineData("p ->", typeof(StrategyParseException))]
    public void Validate_BadStrategy_Throws(string strategy, Type expected)
        => Assert.IsType(expected, Record.Exception(() => (OptimizationHarness.Request() with { Strategy = strategy }).Validate()));

    [Fact]
    public void Validate_BadBudget_NamesTheField()
    {
        var e = Assert.Throws<OptimizationRequestException>(() => (OptimizationHarness.Request() with { EvaluationShards = 0 }).Validate());
        Assert.Equal("evaluationShards", e.ParamName);
    }

    [Fact]
    public void Examples_RoundTripThroughSplitJsonl()
    {
        var example = AdditionTask.Create().Train[0];
        var json = System.Text.Json.JsonSerializer.Serialize(example);
        Assert.Equal(example, System.Text.Json.JsonSerializer.Deserialize<Example>(json));
    }
}
