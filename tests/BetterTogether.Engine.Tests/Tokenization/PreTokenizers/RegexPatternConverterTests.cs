using BetterTogether.Engine.Tokenization.PreTokenizers;

namespace BetterTogether.Engine.Tests.Tokenization.PreTokenizers;

public sealed class RegexPatternConverterTests
{
    [Theory]
    [InlineData(@"a?+b", @"(?>a?)b")]
    [InlineData(@"[^\s\p{L}\p{N}]++[\r\n]*", @"(?>[^\s\p{L}\p{N}]+)[\r\n]*")]
    [InlineData(@"\p{N}{1,3}+x", @"(?>\p{N}{1,3})x")]
    [InlineData(@"(?i:'s|'t)*+", @"(?>(?i:'s|'t)*)")]
    [InlineData(@"\s+(?!\S)|\s+", @"\s+(?!\S)|\s+")]
    [InlineData(@"a+?b", @"a+?b")]
    [InlineData(@"[]a]+", @"[]a]+")]
    public void ToDotNet_Pattern_RewritesOnlyPossessiveQuantifiers(string pattern, string expected)
    {
        Assert.Equal(expected, RegexPatternConverter.ToDotNet(pattern));
    }

    [Fact]
    public void Matches_AstralLetterAfterPunctuation_GroupsLikeCodePointEngine()
    {
        // "[^\r\n\p{L}\p{N}]?\p{L}+" must see 🎉 as one non-letter and 𠀀 (U+20000) as one letter (Python regex: '🎉abc', ' 𠀀x').
        var matcher = PatternMatcher.FromRegex(@"[^\r\n\p{L}\p{N}]?\p{L}+|\s+|[^\s\p{L}\p{N}]+");

        var text = "🎉abc 𠀀x";
        var pieces = matcher.Matches(text).Select(m => text.Substring(m.Start, m.Length)).ToArray();

        Assert.Equal(["🎉abc", " 𠀀x"], pieces);
    }
}
