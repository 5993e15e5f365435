using BetterTogether.Engine.Model;

namespace BetterTogether.Engine.Tests.Model;

public sealed class AttentionOpsTests
{
    private const int Heads = 8;
    private const int KvHeads = 2;
    private const int HeadDim = 32;

    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 37)]
    public void Forward_TwoThreads_BitIdenticalToOneThread(bool keepProbs, int pos0)
    {
        const int rows = 150;
        var keys = pos0 + rows;
        var q = Random(rows * Heads * HeadDim, 1);
        var k = Random(keys * KvHeads * HeadDim, 2);
        var v = Random(keys * KvHeads * HeadDim, 3);
        float[] Run(int threads, out float[] probs)
        {
            var output = new float[rows * Heads * HeadDim];
            probs = keepProbs ? new float[Heads * rows * keys] : [];
            AttentionOps.Forward(q, k, v, output, probs, keys, new float[keys], rows, pos0, Heads, KvHeads, HeadDim, threads);
            return output;
        }

        var single = Run(1, out var singleProbs);
        var multi = Run(2, out var multiProbs);
        Assert.Equal(single, multi);
        Assert.Equal(singleProbs, multiProbs);
        Assert.Contains(single, x => x != 0f);
    }

    [Fact]
    public void Forward_ScoresFarAbove88_StayFiniteAndPickTheMatchingKey()
    {
        // One key aligned with the query at a score of ~4000: a softmax without the max subtracted overflows to NaN.
        const int rows = 3;
        var q = new float[rows * Heads * HeadDim];
        var k = new float[rows * KvHeads * HeadDim];
        var v = new float[rows * KvHeads * HeadDim];
        for (var i = 0; i < q.Length; i++)
        {
            q[i] = 20f;
        }

        for (var j = 0; j < rows; j++)
        {
            for (var i = 0; i < KvHeads * HeadDim; i++)
            {
                k[(j * KvHeads * HeadDim) + i] = j == 1 ? 40f : -40f;
                v[(j * KvHeads * HeadDim) + i] = j;
            }
        }

        var output = new float[rows * Heads * HeadDim];
        AttentionOps.Forward(q, k, v, output, [], rows, new float[rows], rows, 0, Heads, KvHeads, HeadDim, 1);
        Assert.All(output, x => Assert.True(float.IsFinite(x)));
        Assert.Equal(1f, output[(2 * Heads * HeadDim) + 5], 3);
    }

    [Fact]
    public void Backward_TwoThreads_BitIdenticalToOneThread()
    {
        const int rows = 150;
        var (q, k, v, dOut, probs) = BackwardInputs(rows, 4);
        float[][] Run(int threads)
        {
            // Non-zero starting gradients: Backward accumulates.
            var dq = Random(q.Length, 8);
            var dk = Random(k.Length, 9);
            var dv = Random(v.Length, 10);
            AttentionOps.Backward(dOut, q, k, v, probs, dq, dk, dv, new float[rows], rows, Heads, KvHeads, HeadDim, threads);
            return [dq, dk, dv];
        }

        var single = Run(1);
        var multi = Run(2);
        for (var i = 0; i < single.Length; i++)
        {
            Assert.Equal(single[i], multi[i]);
        }

        Assert.NotEqual(Random(q.Length, 8), single[0]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(21)]
    public void Forward_ManyRows_MatchesOneRowAtATime(int pos0)
    {
        // A prefill of many rows runs as matrix products (in blocks of rows); decode steps of one row run the row loop.
        const int rows = 150;
        var keys = pos0 + rows;
        var q = Random(rows * Heads * HeadDim, 11);
        var k = Random(keys * KvHeads * HeadDim, 12);
        var v = Random(keys * KvHeads * HeadDim, 13);
        var whole = new float[rows * Heads * HeadDim];
        AttentionOps.Forward(q, k, v, whole, [], keys, new float[keys], rows, pos0, Heads, KvHeads, HeadDim, 1);
        var width = Heads * HeadDim;
        for (var t = 0; t < rows; t++)
        {
            var one = new float[width];
            AttentionOps.Forward(q.AsSpan(t * width, width), k, v, one, [], keys, new float[keys], 1, pos0 + t, Heads, KvHeads, HeadDim, 1);
            for (var i = 0; i < width; i++)
            {
                Assert.Equal(one[i], whole[(t * width) + i], 1e-5f);
            }
        }
    }

    [Fact]
    public void Backward_ManyRows_MatchesDoublePrecisionReference()
    {
        // Over two blocks of rows, so the block boundaries are covered.
        const int rows = 150;
        var (q, k, v, dOut, probs) = BackwardInputs(rows, 14);
        var dq = new float[q.Length];
        var dk = new float[k.Length];
        var dv = new float[v.Length];
        AttentionOps.Backward(dOut, q, k, v, probs, dq, dk, dv, new float[rows], rows, Heads, KvHeads, HeadDim, 1);
        var (rq, rk, rv) = ReferenceBackward(q, k, v, dOut, rows);
        AssertClose(rq, dq);
        AssertClose(rk, dk);
        AssertClose(rv, dv);
    }

    /// <summary>Random q, k, v and output gradient (seeds <paramref name="seed"/>…+3), and the forward's probabilities.</summary>
    private static (float[] Q, float[] K, float[] V, float[] DOut, float[] Probs) BackwardInputs(int rows, int seed)
    {
        var q = Random(rows * Heads * HeadDim, seed);
        var k = Random(rows * KvHeads * HeadDim, seed + 1);
        var v = Random(rows * KvHeads * HeadDim, seed + 2);
        var dOut = Random(rows * Heads * HeadDim, seed + 3);
        var probs = new float[Heads * rows * rows];
        AttentionOps.Forward(q, k, v, new float[rows * Heads * HeadDim], probs, rows, new float[rows], rows, 0, Heads, KvHeads, HeadDim, 1);
        return (q, k, v, dOut, probs);
    }

    /// <summary>Causal GQA attention's gradients, written out in doubles, one score at a time.</summary>
    private static (double[] Dq, double[] Dk, double[] Dv) ReferenceBackward(float[] q, float[] k, float[] v, float[] dOut, int rows)
    {
        var (qw, kw, scale) = (Heads * HeadDim, KvHeads * HeadDim, 1 / Math.Sqrt(HeadDim));
        var (dq, dk, dv) = (new double[q.Length], new double[k.Length], new double[v.Length]);
        for (var h = 0; h < Heads; h++)
        {
            var g = h / (Heads / KvHeads);
            for (var t = 0; t < rows; t++)
            {
                var p = new double[t + 1];
                for (var j = 0; j <= t; j++)
                {
                    for (var i = 0; i < HeadDim; i++)
                    {
                        p[j] += q[(t * qw) + (h * HeadDim) + i] * (double)k[(j * kw) + (g * HeadDim) + i] * scale;
                    }
                }

                var max = p.Max();
                var sum = p.Sum(x => Math.Exp(x - max));
                var dp = new double[t + 1];
                for (var j = 0; j <= t; j++)
                {
                    p[j] = Math.Exp(p[j] - max) / sum;
                    for (var i = 0; i < HeadDim; i++)
                    {
                        var d = (double)dOut[(t * qw) + (h * HeadDim) + i];
                        dp[j] += d * v[(j * kw) + (g * HeadDim) + i];
                        dv[(j * kw) + (g * HeadDim) + i] += p[j] * d;
                    }
                }

                var dot = p.Zip(dp, (a, b) => a * b).Sum();
                for (var j = 0; j <= t; j++)
                {
                    var ds = p[j] * (dp[j] - dot) * scale;
                    for (var i = 0; i < HeadDim; i++)
                    {
                        dq[(t * qw) + (h * HeadDim) + i] += ds * k[(j * kw) + (g * HeadDim) + i];
                        dk[(j * kw) + (g * HeadDim) + i] += ds * q[(t * qw) + (h * HeadDim) + i];
                    }
                }
            }
        }

        return (dq, dk, dv);
    }

    private static void AssertClose(double[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4 + (1e-4 * Math.Abs(expected[i])), $"element {i}: expected {expected[i]}, got {actual[i]}");
        }
    }

    private static float[] Random(int length, int seed)
    {
        var rng = new Random(seed);
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        return values;
    }
}
