using System.Text;

namespace BetterTogether.Engine.Tokenization.Normalization;

/// <summary>
/// Canonical Unicode normalization (NFD, NFC) from generated tables. .NET's <c>string.Normalize</c>
/// returns its input unchanged under InvariantGlobalization, which would silently break parity with
/// Hugging Face tokenizers that declare an NFC normalizer (Qwen2).
/// </summary>
internal static class UnicodeNormalizer
{
    private const int SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7;
    private const int LCount = 19, VCount = 21, TCount = 28, NCount = VCount * TCount, SCount = LCount * NCount;

    private static readonly Dictionary<int, (int First, int Second)> Decompose = BuildDecompositions();
    private static readonly Dictionary<long, int> Compose = BuildCompositions();
    private static readonly (int First, int Last, int Class)[] Classes = BuildClasses();

    /// <summary>The NFD form of <paramref name="text"/>.</summary>
    public static string ToNfd(string text) => IsAsciiOnly(text) ? text : ToString(DecomposeAll(text));

    /// <summary>The NFC form of <paramref name="text"/>.</summary>
    public static string ToNfc(string text) => IsAsciiOnly(text) ? text : ToString(ComposeAll(DecomposeAll(text)));

    /// <summary>The canonical combining class of a code point (0 for starters).</summary>
    public static int CombiningClass(int codePoint)
    {
        int lo = 0, hi = Classes.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >> 1;
            if (codePoint < Classes[mid].First)
            {
                hi = mid - 1;
            }
            else if (codePoint > Classes[mid].Last)
            {
                lo = mid + 1;
            }
            else
            {
                return Classes[mid].Class;
            }
        }

        return 0;
    }

    private static bool IsAsciiOnly(string text) => Ascii.IsValid(text);

    private static List<int> DecomposeAll(string text)
    {
        var result = new List<int>(text.Length + 8);
        foreach (var rune in text.EnumerateRunes())
        {
            DecomposeInto(rune.Value, result);
        }

        // Canonical ordering: stable sort of each run of non-starters by combining class.
        for (var i = 1; i < result.Count; i++)
        {
            var c = CombiningClass(result[i]);
            if (c == 0)
            {
                continue;
            }

            var j = i;
            while (j > 0 && CombiningClass(result[j - 1]) > c)
            {
                (result[j - 1], result[j]) = (result[j], result[j - 1]);
                j--;
            }
        }

        return result;
    }

    private static void DecomposeInto(int cp, List<int> result)
    {
        if (cp >= SBase && cp < SBase + SCount)
        {
            var s = cp - SBase;
            result.Add(LBase + (s / NCount));
            result.Add(VBase + (s % NCount / TCount));
            if (s % TCount != 0)
            {
                result.Add(TBase + (s % TCount));
            }

            return;
        }

        if (Decompose.TryGetValue(cp, out var d))
        {
            DecomposeInto(d.First, result);
            if (d.Second != 0)
            {
                DecomposeInto(d.Second, result);
            }

            return;
        }

        result.Add(cp);
    }

    private static List<int> ComposeAll(List<int> decomposed)
    {
        var output = new List<int>(decomposed.Count);
        var starter = -1;
        var lastClass = 0;
        foreach (var cp in decomposed)
        {
            var c = CombiningClass(cp);
            if (starter >= 0)
            {
                var adjacent = output.Count - 1 == starter;
                if ((adjacent || (lastClass != 0 && lastClass < c)) && TryCompose(output[starter], cp, out var composed))
                {
                    output[starter] = composed;
                    continue;
                }
            }

            if (c == 0)
            {
                starter = output.Count;
            }

            lastClass = c;
            output.Add(cp);
        }

        return output;
    }

    private static bool TryCompose(int first, int second, out int composed)
    {
        if (first >= LBase && first < LBase + LCount && second >= VBase && second < VBase + VCount)
        {
            composed = SBase + ((((first - LBase) * VCount) + (second - VBase)) * TCount);
            return true;
        }

        if (first >= SBase && first < SBase + SCount && (first - SBase) % TCount == 0 && second > TBase && second < TBase + TCount)
        {
            composed = first + (second - TBase);
            return true;
        }

        return Compose.TryGetValue(((long)first << 32) | (uint)second, out composed);
    }

    private static string ToString(List<int> codePoints)
    {
        var sb = new StringBuilder(codePoints.Count);
        foreach (var cp in codePoints)
        {
            sb.Append(char.ConvertFromUtf32(cp));
        }

        return sb.ToString();
    }

    private static Dictionary<int, (int First, int Second)> BuildDecompositions()
    {
        var data = UnicodeNormalizationData.Decompositions;
        var map = new Dictionary<int, (int, int)>(data.Length / 3);
        for (var i = 0; i < data.Length; i += 3)
        {
            map[data[i]] = (data[i + 1], data[i + 2]);
        }

        return map;
    }

    private static Dictionary<long, int> BuildCompositions()
    {
        var data = UnicodeNormalizationData.Compositions;
        var map = new Dictionary<long, int>(data.Length / 3);
        for (var i = 0; i < data.Length; i += 3)
        {
            map[((long)data[i] << 32) | (uint)data[i + 1]] = data[i + 2];
        }

        return map;
    }

    private static (int, int, int)[] BuildClasses()
    {
        var data = UnicodeNormalizationData.CombiningClasses;
        var ranges = new (int, int, int)[data.Length / 3];
        for (var i = 0; i < ranges.Length; i++)
        {
            ranges[i] = (data[3 * i], data[(3 * i) + 1], data[(3 * i) + 2]);
        }

        return ranges;
    }
}
