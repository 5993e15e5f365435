using BetterTogether.Engine.Kernels;
using BetterTogether.Engine.Model;

namespace BetterTogether.Engine.Tests.Model;

public sealed class NormOpsTests
{
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
