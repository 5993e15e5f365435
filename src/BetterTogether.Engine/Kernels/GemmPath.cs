namespace BetterTogether.Engine.Kernels;

/// <summary>Which blocked implementation a <see cref="GemmJob"/> runs.</summary>
internal enum GemmPath
{
    /// <summary>Packed panels, 12×32 Vector512 micro-kernel.</summary>
    Packed512,

    /// <summary>Packed panels, 6×16 Vector256 micro-kernel.</summary>
    Packed256,

    /// <summary>At most 16 output columns, large operand read in place (<see cref="GemmSkinny"/>).</summary>
    Skinny,
}
