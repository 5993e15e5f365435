using System.Buffers;

namespace BetterTogether.Engine.Tokenization;

/// <summary>Splits text around added tokens, longest match first at each position (Hugging Face's leftmost-longest rule).</summary>
internal sealed class AddedTokenMatcher
{
    private readonly Dictionary<char, AddedToken[]> byFirstChar;
    private readonly SearchValues<char> firstChars;

    public AddedTokenMatcher(IEnumerable<AddedToken> tokens)
    {
        byFirstChar = tokens
            .Where(t => t.Content.Length > 0)
            .GroupBy(t => t.Content[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.Content.Length).ToArray());
        firstChars = SearchValues.Create([.. byFirstChar.Keys]);
    }

    /// <summary>The segments of <paramref name="text"/>: plain text (token id -1) or one added token.</summary>
    public List<(int Start, int Length, int TokenId)> Split(string text)
    {
        var segments = new List<(int Start, int Length, int TokenId)>();
        var plainStart = 0;
        var i = 0;
        while (i < text.Length)
        {
            var next = text.AsSpan(i).IndexOfAny(firstChars);
            if (next < 0)
            {
                break;
            }

            i += next;
            if (!TryMatch(text, i, byFirstChar[text[i]], out var token))
            {
                i++;
                continue;
            }

            var start = i;
            var end = i + token.Content.Length;
            if (token.LStrip)
            {
                while (start > plainStart && char.IsWhiteSpace(text[start - 1]))
                {
                    start--;
                }
            }

            if (token.RStrip)
            {
                while (end < text.Length && char.IsWhiteSpace(text[end]))
                {
                    end++;
                }
            }

            if (start > plainStart)
            {
                segments.Add((plainStart, start - plainStart, -1));
            }

            segments.Add((start, end - start, token.Id));
            plainStart = i = end;
        }

        if (plainStart < text.Length)
        {
            segments.Add((plainStart, text.Length - plainStart, -1));
        }

        return segments;
    }

    private static bool TryMatch(string text, int position, AddedToken[] candidates, out AddedToken token)
    {
        foreach (var candidate in candidates)
        {
            if (position + candidate.Content.Length > text.Length
                || string.CompareOrdinal(text, position, candidate.Content, 0, candidate.Content.Length) != 0)
            {
                continue;
            }

            if (candidate.SingleWord && (IsWordChar(text, position - 1) || IsWordChar(text, position + candidate.Content.Length)))
            {
                continue;
            }

            token = candidate;
            return true;
        }

        token = null!;
        return false;
    }

    private static bool IsWordChar(string text, int index) =>
        index >= 0 && index < text.Length && (char.IsLetterOrDigit(text[index]) || text[index] == '_');
}
