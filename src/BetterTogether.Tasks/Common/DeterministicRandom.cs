namespace BetterTogether.Tasks.Common;

/// <summary>
/// A seeded SplitMix64 generator. It is ours (not <see cref="Random"/>) so that generated data stays
/// byte-identical across .NET versions and platforms for a given seed.
/// </summary>
internal sealed class DeterministicRandom
{
    private ulong _state;

    public DeterministicRandom(ulong seed) => _state = seed;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A uniform integer in [0, maxExclusive).</summary>
    public int Next(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        return (int)(NextUInt64() % (ulong)maxExclusive);
    }

    /// <summary>A uniform integer in [minInclusive, maxInclusive].</summary>
    public int NextInclusive(int minInclusive, int maxInclusive) => minInclusive + Next(maxInclusive - minInclusive + 1);

    /// <summary>A uniform double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A standard normal sample (Box-Muller).</summary>
    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>Fisher-Yates shuffle in place.</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary><paramref name="count"/> distinct items in random order.</summary>
    public List<T> Sample<T>(IReadOnlyList<T> items, int count)
    {
        var copy = items.ToList();
        Shuffle(copy);
        return copy.GetRange(0, count);
    }
}
