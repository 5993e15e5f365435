using BetterTogether.Pretraining.Evaluation;

namespace BetterTogether.Pretraining.Tests.Evaluation;

public sealed class GateResultTests
{
    private static GateResult Result(double zero, double few, double lora, double chance) =>
        new("iris", "33%", 50, zero, few, lora, 30, 50, 3, 0) { ChanceAccuracy = chance };

    [Fact]
    public void Unmet_AllConditionsHold_Empty()
    {
        var result = Result(0.46, 0.67, 0.78, 1.0 / 3);

        Assert.Empty(result.Unmet);
        Assert.Contains("| 67% (3 demos; 67%-67%) | n/a | 78% | 30/50 | met |", QualityGate.ToMarkdown([result]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.10, 0.70, true)]
    [InlineData(0.10, 0.10, false)]
    [InlineData(0.10, 0.05, false)]
    public void Unmet_BootstrappedDemosDoNotRaiseIt_LabeledDemosCanMeetIt(double few, double labeled, bool met)
    {
        // The prompt optimizer's random search draws on labeled train items and bootstrapped traces alike.
        var result = Result(0.10, few, 0.28, 0.0) with { LabeledFewShot = labeled, LabeledFewShotLow = labeled - 0.02, LabeledFewShotHigh = labeled + 0.01 };

        Assert.Equal(met ? [] : ["demos do not raise it"], result.Unmet);
        var pct = (labeled * 100).ToString("F0", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"| {pct}% (", QualityGate.ToMarkdown([result]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.36, 0.50, 0.50, "zero-shot near chance")]
    [InlineData(0.92, 0.95, 0.95, "zero-shot near perfect")]
    [InlineData(0.46, 0.46, 0.50, "demos do not raise it")]
    [InlineData(0.46, 0.50, 0.40, "LoRA does not raise it")]
    public void Unmet_OneConditionFails_NamesIt(double zero, double few, double lora, string unmet)
    {
        var result = Result(zero, few, lora, 1.0 / 3);

        Assert.Equal([unmet], result.Unmet);
        Assert.Contains($"| not met: {unmet} |", QualityGate.ToMarkdown([result]), StringComparison.Ordinal);
    }

    [Fact]
    public void Unmet_FewShotMeanEqualInItems_IsNoGain()
    {
        // 33, 39 and 33 of 50 items: the mean is 35 items, as zero-shot, but a hair above 0.70 in doubles.
        var few = ((33 / 50.0) + (39 / 50.0) + (33 / 50.0)) / 3;
        Assert.True(few > 35 / 50.0);

        var result = Result(35 / 50.0, few, 0.78, 1.0 / 3);

        Assert.Equal(["demos do not raise it"], result.Unmet);
    }

    [Fact]
    public void Unmet_SeveralFail_ListsEachInOrder()
    {
        var result = Result(0.14, 0.13, 0.12, 0.0);

        Assert.Equal(["demos do not raise it", "LoRA does not raise it"], result.Unmet);
    }
}
