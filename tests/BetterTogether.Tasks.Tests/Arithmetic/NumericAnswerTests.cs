using BetterTogether.Tasks.Arithmetic;

namespace BetterTogether.Tasks.Tests.Arithmetic;

public sealed class NumericAnswerTests
{
    [Theory]
    [InlineData("72", 72)]
    [InlineData("The answer is 72.", 72)]
    [InlineData("She pays $1,234.50.", 1234.5)]
    [InlineData("3 + 4 = 7", 7)]
    [InlineData("He lost -5 points", -5)]
    [InlineData("a change of -$12", -12)]
    [InlineData("a change of $-12", -12)]
    [InlineData("0.25 of them", 0.25)]
    [InlineData("about .5 liters", 0.5)]
    [InlineData("1,000,000 dollars", 1000000)]
    [InlineData("It costs 18 dollars and 5 cents", 5)]
    [InlineData("20 - 8 = 12 apples", 12)]
    public void TryParseFinalNumber_VariousFormats_ParsesLastNumber(string text, double expected)
    {
        Assert.True(NumericAnswer.TryParseFinalNumber(text, out var value));
        Assert.Equal((decimal)expected, value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no digits here")]
    public void TryParseFinalNumber_NoNumber_ReturnsFalse(string? text)
    {
        Assert.False(NumericAnswer.TryParseFinalNumber(text, out _));
    }

    [Theory]
    [InlineData("18", "18", true)]
    [InlineData("18.0", "18", true)]
    [InlineData("$18.00.", "18", true)]
    [InlineData("1,000", "1000", true)]
    [InlineData("17", "18", false)]
    [InlineData("eighteen", "18", false)]
    [InlineData(null, "18", false)]
    public void NumericAnswerMetric_IsMatch_ComparesNumerically(string? prediction, string gold, bool expected)
    {
        Assert.Equal(expected, NumericAnswerMetric.IsMatch(prediction, gold));
    }

    [Fact]
    public void NumericAnswerMetric_GoldWithoutNumber_Throws()
    {
        Assert.Throws<ArgumentException>(() => NumericAnswerMetric.IsMatch("1", "none"));
    }
}
