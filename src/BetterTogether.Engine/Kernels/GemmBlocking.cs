namespace BetterTogether.Engine.Kernels;

/// <summary>
/// Cache blocking: a kc×Nr panel of B (≤ 32 KiB) stays in L1 while the micro-kernel sweeps an MC×KC block
/// of A held in L2; the KC×NC block of B lives in L3.
/// </summary>
internal static class GemmBlocking
{
    /// <summary>Depth of a block (the shared dimension).</summary>
    public const int Kc = 256;

    /// <summary>Rows of A packed at once (a multiple of every kernel's Mr).</summary>
    public const int Mc = 144;

    /// <summary>Columns of B packed at once (a multiple of every kernel's Nr).</summary>
    public const int Nc = 2048;

    /// <summary>Largest Mr of any kernel.</summary>
    public const int MaxMr = 16;

    /// <summary>Largest Nr of any kernel.</summary>
    public const int MaxNr = 32;

    /// <summary>Floats in the packed-A buffer (Mc rounded up to MaxMr).</summary>
    public const int MaxPackedA = (Mc + MaxMr) * Kc;

    /// <summary>Floats in the packed-B buffer.</summary>
    public const int MaxPackedB = (Nc + MaxNr) * Kc;

    /// <summary>Floats in the edge scratch tile.</summary>
    public const int MaxTile = MaxMr * MaxNr;
}
