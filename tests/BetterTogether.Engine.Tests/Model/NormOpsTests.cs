using BetterTogether.Engine.Kernels;
using BetterTogether.Engine.Model;

namespace BetterTogether.Engine.Tests.Model;

public sealed class NormOpsTests
{
    [Theory]
    [InlineData(1, 7)]
    [InlineData(3, 64)]
    [InlineData(2, 517)]
    public void RmsNorm_RandomRows_MatchesScalar(int rows, int width)
    {
        var x = Random(rows * width, 11);
        var w = Random(width, 12);
        var y = new float[x.Length];
        var rstd = new float[rows];
        NormOps.RmsNorm(x, w, y, rstd, rows, width, 1e-5f);

        for (var r = 0; r < rows; r++)
        {
            var ms = 0d;
            for (var i = 0; i < width; i++)
            {
                ms += (double)x[(r * width) + i] * x[(r * width) + i];
            }

            var expectedRstd = 1 / Math.Sqrt((ms / width) + 1e-5);
            Assert.Equal(expectedRstd, rstd[r], 5);
            for (var i = 0; i < width; i++)
            {
                Assert.Equal(x[(r * width) + i] * expectedRstd * w[i], y[(r * width) + i], 3);
            }
        }
    }

    [Fact]
    public void RmsNormBackward_MatchesFiniteDifferences_AndAccumulates()
    {
        const int rows = 2, width = 37;
        var x = Random(rows * width, 13);
        var w = Random(width, 14);
        var dy = Random(rows * width, 15);
        var rstd = new float[rows];
        NormOps.RmsNorm(x, w, new float[x.Length], rstd, rows, width, 1e-5f);

        // dx and dw start at 1: the backward pass adds to them, as the residual stream needs.
        var dx = Enumerable.Repeat(1f, x.Length).ToArray();
        var dw = Enumerable.Repeat(1f, width).ToArray();
        NormOps.RmsNormBackward(dy, x, w, rstd, dx, dw, new float[width], rows, width);

        double Loss(double[] xs, double[] ws)
        {
            var total = 0d;
            for (var r = 0; r < rows; r++)
            {
                var ms = 0d;
                for (var i = 0; i < width; i++)
                {
                    ms += xs[(r * width) + i] * xs[(r * width) + i];
                }

                var s = 1 / Math.Sqrt((ms / width) + 1e-5);
                for (var i = 0; i < width; i++)
                {
                    total += dy[(r * width) + i] * xs[(r * width) + i] * s * ws[i];
                }
            }

            return total;
        }

        var xd = x.Select(v => (double)v).ToArray();
        var wd = w.Select(v => (double)v).ToArray();
        foreach (var i in new[] { 0, 5, 36, 40, 73 })
        {
            Assert.Equal(1 + FiniteDifferences.Central(xd, i, v => Loss(v, wd)), dx[i], 2);
        }

        foreach (var i in new[] { 0, 17, 36 })
        {
            Assert.Equal(1 + FiniteDifferences.Central(wd, i, v => Loss(xd, v)), dw[i], 2);
        }
    }

    [Fact]
    public void SwiGlu_ParallelBlocks_BitIdenticalToOneKernelCall()
    {
        const int length = (5 * NormOps.SwiGluBlock) + 300;
        var g = Random(length, 1);
        var u = Random(length, 2);
        var expected = new float[length];
        SwiGlu.Forward(g, u, expected);
        var actual = new float[length];
        NormOps.SwiGlu(g, u, actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void SwiGluBackward_ParallelBlocks_BitIdenticalToOneKernelCall()
    {
        const int length = (5 * NormOps.SwiGluBlock) + 300;
        var g = Random(length, 3);
        var u = Random(length, 4);
        var dh = Random(length, 5);
        var (expectedDg, expectedDu) = (new float[length], new float[length]);
        SwiGlu.Backward(g, u, dh, expectedDg, expectedDu);
        var (dg, du) = (new float[length], new float[length]);
        NormOps.SwiGluBackward(dh, g, u, dg, du);
        Assert.Equal(expectedDg, dg);
        Assert.Equal(expectedDu, du);
    }

    private static float[] Random(int length, int seed)
    {
        var rng = new Random(seed);
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = (float)((rng.NextDouble() * 8) - 4);
        }

        return values;
    }
}
