using BetterTogether.Tasks.MultiHop;

namespace BetterTogether.Tasks.Tests.MultiHop;

public sealed class HotpotQaMetricTests
{
    [Theory]
    [InlineData("The Eiffel Tower!", "eiffel tower")]
    [InlineData("  An   apple, a day ", "apple day")]
    [InlineData("Theater of the Absurd", "theater of absurd")]
    [InlineData("U.S.A.", "usa")]
    [InlineData("rock-and-roll", "rockandroll")]
    [InlineData("", "")]
    public void Normalize_OfficialSteps_LowerPunctuationArticlesWhitespace(string input, string expected)
    {
        Assert.Equal(expected, HotpotQaMetric.Normalize(input));
    }

    [Theory]
    [InlineData("the Tulsa.", "Tulsa", true)]
    [InlineData("Tulsa, Oklahoma", "Tulsa", false)]
    [InlineData(null, "Tulsa", false)]
    public void ExactMatch_ComparesNormalizedAnswers(string? prediction, string gold, bool expected)
    {
        Assert.Equal(expected, HotpotQaMetric.ExactMatch(prediction, gold));
    }

    [Fact]
    public void Overlap_PartialMatch_MatchesOfficialFormula()
    {
        // "the cat sat" -> [cat, sat]; "a cat sat down" -> [cat, sat, down]: P = 1, R = 2/3, F1 = 0.8.
        var overlap = HotpotQaMetric.Overlap("the cat sat", "a cat sat down");

        Assert.Equal(1.0, overlap.Precision, 12);
        Assert.Equal(2.0 / 3.0, overlap.Recall, 12);
        Assert.Equal(0.8, overlap.F1, 12);
    }

    [Fact]
    public void Overlap_RepeatedTokens_CountsMultisetIntersection()
    {
        // [new, new, york] vs [new, york, city]: common = min(2,1) + 1 = 2; P = 2/3, R = 2/3.
        Assert.Equal(2.0 / 3.0, HotpotQaMetric.F1("new new york", "New York City"), 12);
    }

    [Theory]
    [InlineData("yes", "no")]
    [InlineData("yes it is", "yes")]
    [InlineData("no", "no way")]
    [InlineData("noanswer", "the answer")]
    public void Overlap_YesNoMismatch_IsZeroEvenWithSharedTokens(string prediction, string gold)
    {
        Assert.Equal(TokenOverlap.Zero, HotpotQaMetric.Overlap(prediction, gold));
    }

    [Fact]
    public void Overlap_YesMatchesYes_IsOne()
    {
        Assert.Equal(1.0, HotpotQaMetric.F1("Yes.", "yes"), 12);
    }

    [Fact]
    public void Overlap_NoSharedTokens_IsZero()
    {
        Assert.Equal(0.0, HotpotQaMetric.F1("Paris", "London"));
        Assert.Equal(0.0, HotpotQaMetric.F1(null, "London"));
    }
}
