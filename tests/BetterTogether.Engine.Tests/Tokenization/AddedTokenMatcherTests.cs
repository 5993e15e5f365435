using BetterTogether.Engine.Tokenization;

namespace BetterTogether.Engine.Tests.Tokenization;

public sealed class AddedTokenMatcherTests
{
    [Fact]
    public void Split_OverlappingTokens_PrefersLongest()
    {
        var matcher = new AddedTokenMatcher([new AddedToken(1, "<a>", true), new AddedToken(2, "<a><b>", true)]);

        var segments = matcher.Split("x<a><b>y<a>");

        Assert.Equal([(0, 1, -1), (1, 6, 2), (7, 1, -1), (8, 3, 1)], segments);
    }

    [Fact]
    public void Split_LStripAndRStrip_AbsorbWhitespace()
    {
        var matcher = new AddedTokenMatcher([new AddedToken(5, "<mask>", true, LStrip: true, RStrip: true)]);

        var segments = matcher.Split("a  <mask> b");

        Assert.Equal([(0, 1, -1), (1, 9, 5), (10, 1, -1)], segments);
    }

    [Fact]
    public void Split_SingleWordInsideWord_DoesNotMatch()
    {
        var matcher = new AddedTokenMatcher([new AddedToken(7, "cat", false, SingleWord: true)]);

        Assert.Equal([(0, 7, -1)], matcher.Split("concats"));
        Assert.Equal([(0, 1, -1), (1, 3, 7)], matcher.Split(" cat"));
    }
}
