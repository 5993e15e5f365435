namespace BetterTogether.Core.Randomness;

/// <summary>
/// A bit-exact port of CPython's <c>random.Random</c> (MT19937 with <c>init_by_array</c> seeding) for the
/// operations DSPy's optimizers use: <see cref="NextDouble"/>, <see cref="RandBelow"/>, <see cref="RandInt"/>,
/// <see cref="Shuffle{T}"/>, <see cref="Sample{T}"/> and <see cref="Choice{T}"/>.
/// </summary>
/// <remarks>
/// DSPy seeds <c>random.Random(0)</c>, <c>random.Random(seed)</c> and friends; using the same generator makes
/// the same seed pick the same demos and the same shuffles as the Python reference.
/// Not thread-safe: give each deterministic computation its own instance.
/// </remarks>
public sealed class PythonRandom
{
    private const int N = 624;
    private const int M = 397;
    private const uint MatrixA = 0x9908b0dfU;
    private const uint UpperMask = 0x80000000U;
    private const uint LowerMask = 0x7fffffffU;

    private readonly uint[] _mt = new uint[N];
    private int _mti = N + 1;

    /// <summary>Seeds the generator exactly as CPython's <c>random.Random(seed)</c> does for an integer seed.</summary>
    /// <param name="seed">The seed; its absolute value is used, as in CPython.</param>
    public PythonRandom(long seed)
    {
        var magnitude = seed == long.MinValue ? (ulong)long.MaxValue + 1 : (ulong)Math.Abs(seed);
        var low = (uint)(magnitude & 0xffffffffU);
        var high = (uint)(magnitude >> 32);
        uint[] key = high == 0 ? [low] : [low, high];
        InitByArray(key);
    }

    /// <summary>Returns a double in [0, 1) with 53 random bits (<c>random.random()</c>).</summary>
    public double NextDouble()
    {
        var a = NextUInt32() >> 5;
        var b = NextUInt32() >> 6;
        return ((a * 67108864.0) + b) * (1.0 / 9007199254740992.0);
    }

    /// <summary>Returns <paramref name="k"/> random bits (<c>random.getrandbits(k)</c>) for 0 ≤ k ≤ 64.</summary>
    public ulong GetRandBits(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, 64);
        if (k == 0)
        {
            return 0;
        }

        if (k <= 32)
        {
            return NextUInt32() >> (32 - k);
        }

        // CPython fills 32-bit words from the least significant end.
        ulong low = NextUInt32();
        ulong high = NextUInt32() >> (64 - k);
        return (high << 32) | low;
    }

    /// <summary>Returns an integer in [0, n) (<c>random._randbelow(n)</c>).</summary>
    public long RandBelow(long n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        var k = 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)n);
        var r = GetRandBits(k);
        while (r >= (ulong)n)
        {
            r = GetRandBits(k);
        }

        return (long)r;
    }

    /// <summary>Returns an integer in [a, b], both ends included (<c>random.randint(a, b)</c>).</summary>
    public long RandInt(long a, long b)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(b, a);
        return a + RandBelow(b - a + 1);
    }

    /// <summary>Shuffles a list in place (<c>random.shuffle(x)</c>).</summary>
    public void Shuffle<T>(IList<T> list)
    {
        ArgumentNullException.ThrowIfNull(list);
        for (var i = list.Count - 1; i >= 1; i--)
        {
            var j = (int)RandBelow(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }

    /// <summary>Picks one element (<c>random.choice(seq)</c>).</summary>
    public T Choice<T>(IReadOnlyList<T> sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        if (sequence.Count == 0)
        {
            throw new ArgumentException("Cannot choose from an empty sequence.", nameof(sequence));
        }

        return sequence[(int)RandBelow(sequence.Count)];
    }

    /// <summary>Draws <paramref name="k"/> distinct elements in selection order (<c>random.sample(population, k)</c>).</summary>
    public IReadOnlyList<T> Sample<T>(IReadOnlyList<T> population, int k)
    {
        ArgumentNullException.ThrowIfNull(population);
        var n = population.Count;
        if (k < 0 || k > n)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"Sample larger than population or negative (population {n}).");
        }

        var result = new T[k];
        var setSize = 21;
        if (k > 5)
        {
            setSize += (int)Math.Pow(4, Math.Ceiling(Math.Log(k * 3) / Math.Log(4)));
        }

        if (n <= setSize)
        {
            var pool = population.ToArray();
            for (var i = 0; i < k; i++)
            {
                var j = (int)RandBelow(n - i);
                result[i] = pool[j];
                pool[j] = pool[n - i - 1];
            }
        }
        else
        {
            var selected = new HashSet<int>();
            for (var i = 0; i < k; i++)
            {
                var j = (int)RandBelow(n);
                while (!selected.Add(j))
                {
                    j = (int)RandBelow(n);
                }

                result[i] = population[j];
            }
        }

        return result;
    }

    private void InitGenRand(uint s)
    {
        _mt[0] = s;
        for (_mti = 1; _mti < N; _mti++)
        {
            _mt[_mti] = (1812433253U * (_mt[_mti - 1] ^ (_mt[_mti - 1] >> 30))) + (uint)_mti;
        }
    }

    private void InitByArray(uint[] key)
    {
        InitGenRand(19650218U);
        int i = 1, j = 0;
        for (var k = Math.Max(N, key.Length); k > 0; k--)
        {
            _mt[i] = (_mt[i] ^ ((_mt[i - 1] ^ (_mt[i - 1] >> 30)) * 1664525U)) + key[j] + (uint)j;
            i++;
            j++;
            if (i >= N)
            {
                _mt[0] = _mt[N - 1];
                i = 1;
            }

            if (j >= key.Length)
            {
                j = 0;
            }
        }

        for (var k = N - 1; k > 0; k--)
        {
            _mt[i] = (_mt[i] ^ ((_mt[i - 1] ^ (_mt[i - 1] >> 30)) * 1566083941U)) - (uint)i;
            i++;
            if (i >= N)
            {
                _mt[0] = _mt[N - 1];
                i = 1;
            }
        }

        _mt[0] = 0x80000000U;
    }

    private uint NextUInt32()
    {
        uint y;
        if (_mti >= N)
        {
            int kk;
            for (kk = 0; kk < N - M; kk++)
            {
                y = (_mt[kk] & UpperMask) | (_mt[kk + 1] & LowerMask);
                _mt[kk] = _mt[kk + M] ^ (y >> 1) ^ ((y & 1U) * MatrixA);
            }

            for (; kk < N - 1; kk++)
            {
                y = (_mt[kk] & UpperMask) | (_mt[kk + 1] & LowerMask);
                _mt[kk] = _mt[kk + (M - N)] ^ (y >> 1) ^ ((y & 1U) * MatrixA);
            }

            y = (_mt[N - 1] & UpperMask) | (_mt[0] & LowerMask);
            _mt[N - 1] = _mt[M - 1] ^ (y >> 1) ^ ((y & 1U) * MatrixA);
            _mti = 0;
        }

        y = _mt[_mti++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680U;
        y ^= (y << 15) & 0xefc60000U;
        y ^= y >> 18;
        return y;
    }
}
