using BetterTogether.Engine.Kernels;

namespace BetterTogether.Engine.Tests.Kernels;

public sealed class GemmTests
{
    public static TheoryData<bool, bool, int, int, int> Shapes()
    {
        var data = new TheoryData<bool, bool, int, int, int>();
        int[][] shapes =
        [
            [1, 1, 1], [7, 7, 7], [1, 33, 5], [33, 1, 9], [13, 37, 257],
            [97, 65, 31], [257, 33, 300], [31, 257, 7], [2, 3, 600], [150, 70, 513],
        ];
        foreach (var transA in new[] { false, true })
        {
            foreach (var transB in new[] { false, true })
            {
                foreach (var s in shapes)
                {
                    data.Add(transA, transB, s[0], s[1], s[2]);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Sgemm_OddShapes_MatchesReference(bool transA, bool transB, int m, int n, int k)
    {
        AssertMatches(GemmIsa.Auto, transA, transB, m, n, k, 1f, 0f, pad: 0, seed: m + n + k);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Sgemm_Vector256Forced_MatchesReference(bool transA, bool transB, int m, int n, int k)
    {
        AssertMatches(GemmIsa.Vector256, transA, transB, m, n, k, 1f, 0f, pad: 0, seed: m * 3 + k);
    }

    [Theory]
    [InlineData(false, false, 0.5f, 0.25f)]
    [InlineData(false, true, -1.5f, 1f)]
    [InlineData(true, false, 2f, -0.75f)]
    [InlineData(true, true, 1f, 1f)]
    public void Sgemm_AlphaBetaAndStrides_MatchesReference(bool transA, bool transB, float alpha, float beta)
    {
        AssertMatches(GemmIsa.Auto, transA, transB, 61, 45, 270, alpha, beta, pad: 5, seed: 11);
        AssertMatches(GemmIsa.Vector256, transA, transB, 29, 83, 19, alpha, beta, pad: 3, seed: 12);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Sgemm_LargeMultithreaded_MatchesReference(bool transA, bool transB)
    {
        // Large enough to be split over threads, with k spanning several blocks and an odd n.
        AssertMatches(GemmIsa.Auto, transA, transB, 203, 131, 600, 1f, 0.5f, pad: 1, seed: 5);
        AssertMatches(GemmIsa.Auto, transA, transB, 75, 301, 260, 1f, 0f, pad: 0, seed: 6);
    }

    [Theory]
    [InlineData((int)GemmIsa.Auto)]
    [InlineData((int)GemmIsa.Vector256)]
    [InlineData((int)GemmIsa.Scalar)]
    public void Sgemm_BetaZero_IgnoresNaNInC(int isaValue)
    {
        var isa = (GemmIsa)isaValue;
        const int m = 19, n = 40, k = 23;
        var a = Random(m * k, 1);
        var b = Random(k * n, 2);
        var c = Enumerable.Repeat(float.NaN, m * n).ToArray();
        Gemm.Sgemm(isa, false, true, m, n, k, 1f, a, k, Transpose(b, k, n), k, 0f, c, n);
        Assert.All(c, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Sgemm_ZeroK_ScalesC()
    {
        var c = new[] { 1f, 2f, 3f, float.NaN };
        Gemm.Sgemm(false, false, 1, 3, 0, 1f, [], 1, [], 3, 2f, c, 3);
        Assert.Equal(new[] { 2f, 4f, 6f, float.NaN }, c);
        Gemm.Sgemm(false, false, 1, 3, 0, 1f, [], 1, [], 3, 0f, c, 3);
        Assert.Equal(new[] { 0f, 0f, 0f, float.NaN }, c);
    }

    [Fact]
    public void Sgemm_ShortSpan_ThrowsNamingTheMatrix()
    {
        var ex = Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, 4, 4, 4, 1f, new float[15], 4, new float[16], 4, 0f, new float[16], 4));
        Assert.Equal("a", ex.ParamName);
    }

    [Fact]
    public void Sgemm_StrideTooSmall_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Sgemm(false, true, 4, 4, 4, 1f, new float[16], 4, new float[16], 3, 0f, new float[16], 4));
        Assert.Equal("ldb", ex.ParamName);
    }

    private static void AssertMatches(GemmIsa isa, bool transA, bool transB, int m, int n, int k, float alpha, float beta, int pad, int seed)
    {
        var lda = (transA ? m : k) + pad;
        var ldb = (transB ? k : n) + pad;
        var ldc = n + pad;
        var a = Random((transA ? k : m) * lda, seed);
        var b = Random((transB ? n : k) * ldb, seed + 1);
        var expected = Random(m * ldc, seed + 2);
        var actual = (float[])expected.Clone();

        GemmReference.Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, expected, ldc);
        Gemm.Sgemm(isa, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, actual, ldc);

        var tolerance = 1e-5f * k * Math.Max(1f, Math.Abs(alpha));
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(
                Math.Abs(expected[i] - actual[i]) <= tolerance + (1e-4f * Math.Abs(expected[i])),
                $"{isa} {(transA ? 'T' : 'N')}{(transB ? 'T' : 'N')} {m}x{n}x{k}: element {i} expected {expected[i]} got {actual[i]}");
        }
    }

    private static float[] Random(int length, int seed)
    {
        var rng = new Random(seed);
        var data = new float[length];
        for (var i = 0; i < length; i++)
        {
            data[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        return data;
    }

    private static float[] Transpose(float[] x, int rows, int cols)
    {
        var t = new float[x.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                t[(c * rows) + r] = x[(r * cols) + c];
            }
        }

        return t;
    }
}
