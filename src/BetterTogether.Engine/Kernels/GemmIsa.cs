namespace BetterTogether.Engine.Kernels;

/// <summary>The instruction set a GEMM call runs on; tests force the narrower paths.</summary>
internal enum GemmIsa
{
    /// <summary>The widest accelerated path the machine has.</summary>
    Auto,

    /// <summary>The Vector256 (AVX2/FMA) micro-kernel.</summary>
    Vector256,

    /// <summary>The scalar reference loop.</summary>
    Scalar,
}
