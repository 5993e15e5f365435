namespace BetterTogether.Engine.Model;

/// <summary>
/// Keys (after RoPE) and values of the positions a sequence has seen, per layer, so decoding a new
/// token costs one row instead of a full forward. Grows on demand up to the model's context.
/// </summary>
public sealed class KvCache
{
    private readonly int _rowWidth;

    internal KvCache(int layers, int rowWidth, int maxPositions, int initialCapacity)
    {
        _rowWidth = rowWidth;
        MaxPositions = maxPositions;
        Keys = new float[layers][];
        Values = new float[layers][];
        var cap = Math.Clamp(initialCapacity, 1, maxPositions);
        for (var l = 0; l < layers; l++)
        {
            Keys[l] = new float[cap * rowWidth];
            Values[l] = new float[cap * rowWidth];
        }
    }

    /// <summary>Positions cached so far (the next token's position).</summary>
    public int Length { get; internal set; }

    /// <summary>The most positions this cache may hold (the model's context).</summary>
    public int MaxPositions { get; }

    internal float[][] Keys { get; }

    internal float[][] Values { get; }

    /// <summary>Forgets all positions.</summary>
    public void Reset() => Length = 0;

    /// <summary>Forgets positions from <paramref name="length"/> on (e.g. to reuse a shared prompt prefix).</summary>
    /// <param name="length">Positions to keep.</param>
    public void Truncate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Length);
        Length = length;
    }

    internal void EnsureCapacity(int positions)
    {
        if (Keys.Length == 0 || Keys[0].Length >= positions * _rowWidth)
        {
            return;
        }

        var cap = Math.Min(MaxPositions, Math.Max(positions, Keys[0].Length / _rowWidth * 2));
        for (var l = 0; l < Keys.Length; l++)
        {
            var k = new float[cap * _rowWidth];
            var v = new float[cap * _rowWidth];
            Keys[l].AsSpan(0, Length * _rowWidth).CopyTo(k);
            Values[l].AsSpan(0, Length * _rowWidth).CopyTo(v);
            Keys[l] = k;
            Values[l] = v;
        }
    }
}
