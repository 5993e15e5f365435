using BetterTogether.Engine.Kernels;

namespace BetterTogether.Engine.Tests.Kernels;

public sealed class ElementwiseKernelTests
{
    [Fact]
    public void SwiGluForward_MatchesScalar()
    {
        var g = Random(600, 6, scale: 6);
        var u = Random(600, 7);
        var h = new float[600];
        SwiGlu.Forward(g, u, h);
        for (var i = 0; i < h.Length; i++)
        {
            Assert.Equal(g[i] / (1 + Math.Exp(-g[i])) * u[i], h[i], 4);
        }
    }

    [Fact]
    public void SwiGluBackward_MatchesFiniteDifferences()
    {
        var g = Random(300, 8, scale: 5);
        var u = Random(300, 9);
        var dh = Random(300, 10);
        var dGate = new float[300];
        var dUp = new float[300];
        SwiGlu.Backward(g, u, dh, dGate, dUp);
        for (var i = 0; i < g.Length; i++)
        {
            double H(double gv, double uv) => gv / (1 + Math.Exp(-gv)) * uv;
            const double eps = 1e-4;
            Assert.Equal(dh[i] * (H(g[i] + eps, u[i]) - H(g[i] - eps, u[i])) / (2 * eps), dGate[i], 3);
            Assert.Equal(dh[i] * H(g[i], 1), dUp[i], 4);
        }
    }

    [Fact]
    public void SoftmaxForwardInPlace_LargeLogits_MatchesScalarAndSumsToOne()
    {
        const int cols = 45;
        var x = Random(3 * cols, 11, scale: 80);
        var original = (float[])x.Clone();
        Softmax.ForwardInPlace(x, cols);
        for (var r = 0; r < 3; r++)
        {
            var row = original.AsSpan(r * cols, cols).ToArray();
            var max = row.Max();
            var sum = row.Sum(v => Math.Exp(v - max));
            for (var i = 0; i < cols; i++)
            {
                Assert.Equal(Math.Exp(row[i] - max) / sum, x[(r * cols) + i], 5);
            }

            Assert.Equal(1.0, x.AsSpan(r * cols, cols).ToArray().Sum(), 4);
        }
    }

    [Fact]
    public void SoftmaxBackward_MatchesFiniteDifferences()
    {
        const int cols = 19;
        var logits = Random(cols, 12, scale: 3);
        var dy = Random(cols, 13);
        var y = (float[])logits.Clone();
        Softmax.ForwardInPlace(y, cols);
        var dx = new float[cols];
        Softmax.Backward(y, dy, dx, cols);

        double Loss(double[] z)
        {
            var max = z.Max();
            var sum = z.Sum(v => Math.Exp(v - max));
            return z.Select((v, i) => dy[i] * Math.Exp(v - max) / sum).Sum();
        }

        var zd = logits.Select(v => (double)v).ToArray();
        for (var i = 0; i < cols; i++)
        {
            Assert.Equal(FiniteDifferences.Central(zd, i, Loss), dx[i], 4);
        }
    }

    private static float[] Random(int length, int seed, float scale = 1f)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (float)((rng.NextDouble() * 2) - 1) * scale).ToArray();
    }
}
