using System.Text;

namespace BetterTogether.Engine.Tokenization.PreTokenizers;

/// <summary>
/// Rewrites the Oniguruma/PCRE constructs found in tokenizer patterns that .NET lacks: possessive
/// quantifiers (<c>x?+</c>, <c>x++</c>, <c>x*+</c>, <c>x{n,m}+</c>, used by tiktoken-derived patterns)
/// become the equivalent atomic groups <c>(?&gt;x?)</c>. Everything else passes through unchanged.
/// </summary>
internal static class RegexPatternConverter
{
    /// <summary>The .NET equivalent of <paramref name="pattern"/>.</summary>
    public static string ToDotNet(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var index = 0;
        var converted = ConvertSequence(pattern, ref index);
        if (index != pattern.Length)
        {
            throw new ArgumentException($"Unbalanced ')' at {index} in pattern.", nameof(pattern));
        }

        return converted;
    }

    private static string ConvertSequence(string p, ref int i)
    {
        var sb = new StringBuilder();
        while (i < p.Length && p[i] != ')')
        {
            if (p[i] == '|')
            {
                sb.Append('|');
                i++;
                continue;
            }

            var atom = ReadAtom(p, ref i);
            var quantifierStart = i;
            if (i < p.Length && (p[i] == '?' || p[i] == '*' || p[i] == '+'))
            {
                i++;
            }
            else if (i < p.Length && p[i] == '{' && TryReadBraces(p, i, out var end))
            {
                i = end;
            }

            var quantifier = p[quantifierStart..i];
            if (quantifier.Length > 0 && i < p.Length && p[i] == '+')
            {
                i++;
                sb.Append("(?>").Append(atom).Append(quantifier).Append(')');
                continue;
            }

            if (quantifier.Length > 0 && i < p.Length && p[i] == '?')
            {
                quantifier += "?";
                i++;
            }

            sb.Append(atom).Append(quantifier);
        }

        return sb.ToString();
    }

    private static string ReadAtom(string p, ref int i)
    {
        var start = i;
        switch (p[i])
        {
            case '\\':
                i += 2;
                if (i <= p.Length && (p[i - 1] == 'p' || p[i - 1] == 'P') && i < p.Length && p[i] == '{')
                {
                    i = p.IndexOf('}', i) + 1;
                }

                return p[start..Math.Min(i, p.Length)];
            case '[':
                i = ClassEnd(p, i);
                return p[start..i];
            case '(':
                i++;
                var head = new StringBuilder("(");
                if (i < p.Length && p[i] == '?')
                {
                    // Group modifiers: (?:, (?i:, (?=, (?!, (?<=, (?<!, (?>, (?<name>.
                    while (i < p.Length && p[i] != ':' && p[i] != ')' && p[i] != '=' && p[i] != '!' && p[i] != '>')
                    {
                        head.Append(p[i++]);
                    }

                    if (i < p.Length && p[i] != ')')
                    {
                        head.Append(p[i++]);
                    }
                }

                var inner = ConvertSequence(p, ref i);
                if (i >= p.Length)
                {
                    throw new ArgumentException($"Unclosed '(' at {start} in pattern.", nameof(p));
                }

                i++;
                return head.Append(inner).Append(')').ToString();
            default:
                i++;
                return p[start..i];
        }
    }

    private static int ClassEnd(string p, int i)
    {
        i++;
        if (i < p.Length && p[i] == '^')
        {
            i++;
        }

        if (i < p.Length && p[i] == ']')
        {
            i++;
        }

        while (i < p.Length && p[i] != ']')
        {
            if (p[i] == '\\')
            {
                i++;
            }
            else if (p[i] == '[')
            {
                i = ClassEnd(p, i) - 1;
            }

            i++;
        }

        if (i >= p.Length)
        {
            throw new ArgumentException("Unclosed '[' in pattern.", nameof(p));
        }

        return i + 1;
    }

    private static bool TryReadBraces(string p, int i, out int end)
    {
        end = p.IndexOf('}', i);
        if (end < 0)
        {
            return false;
        }

        for (var k = i + 1; k < end; k++)
        {
            if (!char.IsAsciiDigit(p[k]) && p[k] != ',')
            {
                return false;
            }
        }

        end++;
        return true;
    }
}
