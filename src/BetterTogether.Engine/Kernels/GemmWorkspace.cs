using System.Runtime.InteropServices;

namespace BetterTogether.Engine.Kernels;

/// <summary>
/// Per-thread, 64-byte aligned packing buffers, allocated once per thread and reused by every GEMM call on it
/// (no allocation on the hot path); freed by the finalizer when the thread is gone.
/// </summary>
internal sealed unsafe class GemmWorkspace
{
    [ThreadStatic]
    private static GemmWorkspace? current;

    private GemmWorkspace()
    {
        PackedA = (float*)NativeMemory.AlignedAlloc((nuint)(GemmBlocking.MaxPackedA * sizeof(float)), 64);
        PackedB = (float*)NativeMemory.AlignedAlloc((nuint)(GemmBlocking.MaxPackedB * sizeof(float)), 64);
        Tile = (float*)NativeMemory.AlignedAlloc((nuint)(GemmBlocking.MaxTile * sizeof(float)), 64);
    }

    ~GemmWorkspace()
    {
        NativeMemory.AlignedFree(PackedA);
        NativeMemory.AlignedFree(PackedB);
        NativeMemory.AlignedFree(Tile);
    }

    /// <summary>Gets this thread's workspace.</summary>
    public static GemmWorkspace Current => current ??= new GemmWorkspace();

    /// <summary>Gets the buffer for a packed MC×KC block of A.</summary>
    public float* PackedA { get; }

    /// <summary>Gets the buffer for a packed KC×NC block of B.</summary>
    public float* PackedB { get; }

    /// <summary>Gets the scratch tile for edge write-back.</summary>
    public float* Tile { get; }
}
