namespace BetterTogether.Engine.Model;

/// <summary>
/// Rotary position embedding in HF's non-interleaved <c>rotate_half</c> convention: for each head, element i
/// of the first half pairs with element i of the second half, rotated by <c>pos · θ^(−2i/d)</c>.
/// </summary>
internal sealed class RotaryEmbedding
{
    private readonly int _half;
    private readonly float[] _invFreq;
    private readonly Lock _gate = new();
    private float[] _cos = [];
    private float[] _sin = [];

    public RotaryEmbedding(int headDim, double theta)
    {
        _half = headDim / 2;
        _invFreq = new float[_half];
        for (var i = 0; i < _half; i++)
        {
            _invFreq[i] = (float)(1.0 / Math.Pow(theta, 2.0 * i / headDim));
        }
    }

    /// <summary>Rotates <paramref name="x"/> [T, heads·headDim] in place, row t at position <c>pos0 + t</c>; inverse rotates for backward.</summary>
    public void Apply(Span<float> x, int rows, int heads, int pos0, bool inverse = false)
    {
        var (cosTable, sinTable) = Tables(pos0 + rows);
        var hd = _half * 2;
        for (var t = 0; t < rows; t++)
        {
            var cos = cosTable.AsSpan((pos0 + t) * _half, _half);
            var sin = sinTable.AsSpan((pos0 + t) * _half, _half);
            for (var h = 0; h < heads; h++)
            {
                var v = x.Slice(((t * heads) + h) * hd, hd);
                for (var i = 0; i < _half; i++)
                {
                    var x1 = v[i];
                    var x2 = v[i + _half];
                    var s = inverse ? -sin[i] : sin[i];
                    v[i] = (x1 * cos[i]) - (x2 * s);
                    v[i + _half] = (x2 * cos[i]) + (x1 * s);
                }
            }
        }
    }

    private (float[] Cos, float[] Sin) Tables(int positions)
    {
        lock (_gate)
        {
            if (_cos.Length < positions * _half)
            {
                var n = Math.Max(positions, Math.Max(256, (_cos.Length / Math.Max(_half, 1)) * 2));
                var cos = new float[n * _half];
                var sin = new float[n * _half];
                for (var p = 0; p < n; p++)
                {
                    for (var i = 0; i < _half; i++)
                    {
                        var angle = p * _invFreq[i];
                        cos[(p * _half) + i] = (float)Math.Cos(angle);
                        sin[(p * _half) + i] = (float)Math.Sin(angle);
                    }
                }

                _cos = cos;
                _sin = sin;
            }

            return (_cos, _sin);
        }
    }
}
