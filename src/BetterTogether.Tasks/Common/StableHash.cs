using System.Text;

namespace BetterTogether.Tasks.Common;

/// <summary>FNV-1a 64-bit over UTF-8: a hash that never changes between runs or platforms.</summary>
internal static class StableHash
{
    public static ulong Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hash = 0xCBF29CE484222325UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= 0x100000001B3UL;
        }

        return hash;
    }

    /// <summary>Mixes a user seed with a family salt and a stream name into a generator seed.</summary>
    public static ulong Seed(int seed, string salt, string stream) => Of($"{salt}/{stream}/{seed}");
}
