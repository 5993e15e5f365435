using System.Globalization;
using System.Text.RegularExpressions;

namespace BetterTogether.Engine.Tokenization.PreTokenizers;

/// <summary>
/// Finds the non-overlapping matches of a Hugging Face split pattern (Oniguruma syntax) with .NET's
/// regex engine. .NET matches UTF-16 code units while Oniguruma matches code points, so a character
/// outside the BMP (emoji, rare CJK) would be seen as two surrogates that no <c>\p{L}</c> class
/// matches. Text holding surrogate pairs is therefore matched through a proxy string in which every
/// astral code point is one BMP stand-in of the same Unicode category, then offsets are mapped back.
/// </summary>
internal sealed class PatternMatcher
{
    private static readonly char[] CategoryStandIns = BuildStandIns();

    private readonly Regex regex;

    private PatternMatcher(Regex regex) => this.regex = regex;

    /// <summary>The pattern as .NET compiled it.</summary>
    public string Pattern => regex.ToString();

    /// <summary>Builds a matcher for an Oniguruma-style regular expression.</summary>
    /// <exception cref="ArgumentException">The pattern is not valid for .NET even after conversion.</exception>
    public static PatternMatcher FromRegex(string pattern) =>
        new(new Regex(RegexPatternConverter.ToDotNet(pattern), RegexOptions.Compiled | RegexOptions.CultureInvariant));

    /// <summary>Builds a matcher for a literal string.</summary>
    public static PatternMatcher FromLiteral(string literal) =>
        new(new Regex(Regex.Escape(literal), RegexOptions.Compiled | RegexOptions.CultureInvariant));

    /// <summary>The (start, length) of each non-empty match in <paramref name="text"/>, in order.</summary>
    public List<(int Start, int Length)> Matches(string text)
    {
        var result = new List<(int Start, int Length)>();
        if (!HasSurrogatePair(text))
        {
            foreach (var m in regex.EnumerateMatches(text))
            {
                if (m.Length > 0)
                {
                    result.Add((m.Index, m.Length));
                }
            }

            return result;
        }

        var (proxy, sourceIndex) = BuildProxy(text);
        foreach (var m in regex.EnumerateMatches(proxy))
        {
            if (m.Length > 0)
            {
                var start = sourceIndex[m.Index];
                result.Add((start, sourceIndex[m.Index + m.Length] - start));
            }
        }

        return result;
    }

    private static bool HasSurrogatePair(string text)
    {
        for (var i = 0; i < text.Length - 1; i++)
        {
            if (char.IsHighSurrogate(text[i]) && char.IsLowSurrogate(text[i + 1]))
            {
                return true;
            }
        }

        return false;
    }

    private static (string Proxy, int[] SourceIndex) BuildProxy(string text)
    {
        var chars = new List<char>(text.Length);
        var sourceIndex = new List<int>(text.Length + 1);
        for (var i = 0; i < text.Length; i++)
        {
            sourceIndex.Add(i);
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var codePoint = char.ConvertToUtf32(text[i], text[i + 1]);
                chars.Add(CategoryStandIns[(int)CharUnicodeInfo.GetUnicodeCategory(codePoint)]);
                i++;
            }
            else
            {
                chars.Add(text[i]);
            }
        }

        sourceIndex.Add(text.Length);
        return (new string(chars.ToArray()), sourceIndex.ToArray());
    }

    /// <summary>For each Unicode category, a non-ASCII BMP character of it with no ASCII case twin, so literals in patterns never match it.</summary>
    private static char[] BuildStandIns()
    {
        var categories = Enum.GetValues<UnicodeCategory>();
        var table = new char[categories.Length];
        foreach (var category in categories)
        {
            table[(int)category] = '\uFFFD';
            for (var c = 0x0370; c < 0xFFFF; c++)
            {
                var ch = (char)c;
                if (char.IsSurrogate(ch) || char.IsWhiteSpace(ch))
                {
                    continue;
                }

                if (CharUnicodeInfo.GetUnicodeCategory(ch) == category)
                {
                    table[(int)category] = ch;
                    break;
                }
            }
        }

        return table;
    }
}
