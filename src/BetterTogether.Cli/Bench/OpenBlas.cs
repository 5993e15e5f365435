using System.Runtime.InteropServices;

namespace BetterTogether.Cli.Bench;

/// <summary>
/// OpenBLAS <c>cblas_sgemm</c> loaded at run time, for comparison in the benchmark only (the engine never calls it).
/// </summary>
internal sealed unsafe class OpenBlas
{
    /// <summary>How to get the library when it is missing.</summary>
    public const string InstallHint = "apt-get install -y libopenblas0-pthread";

    private const int RowMajor = 101;
    private const int NoTrans = 111;
    private const int Trans = 112;

    private static readonly string[] Candidates =
    [
        "libopenblas.so.0",
        "/usr/lib/x86_64-linux-gnu/libopenblas.so.0",
        "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0",
        "libopenblas.so",
        "libopenblas.dylib",
        "libopenblas.dll",
    ];

    private readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> sgemm;

    private OpenBlas(string path, nint handle)
    {
        Path = path;
        sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)
            NativeLibrary.GetExport(handle, "cblas_sgemm");
        if (NativeLibrary.TryGetExport(handle, "openblas_set_num_threads", out var setThreads))
        {
            SetThreads = (delegate* unmanaged<int, void>)setThreads;
        }

        if (NativeLibrary.TryGetExport(handle, "openblas_get_config", out var config))
        {
            Config = Marshal.PtrToStringUTF8(((delegate* unmanaged<nint>)config)());
        }
    }

    /// <summary>Gets the file the library was loaded from.</summary>
    public string Path { get; }

    /// <summary>Gets OpenBLAS's build description (core type, threading), if it reports one.</summary>
    public string? Config { get; }

    private delegate* unmanaged<int, void> SetThreads { get; }

    /// <summary>Loads OpenBLAS, or returns null when no candidate library exports <c>cblas_sgemm</c>.</summary>
    public static OpenBlas? TryLoad()
    {
        foreach (var candidate in Candidates)
        {
            if (NativeLibrary.TryLoad(candidate, out var handle))
            {
                if (NativeLibrary.TryGetExport(handle, "cblas_sgemm", out _))
                {
                    return new OpenBlas(candidate, handle);
                }

                NativeLibrary.Free(handle);
            }
        }

        return null;
    }

    /// <summary>Sets OpenBLAS's thread count (as OPENBLAS_NUM_THREADS would); returns false if it cannot be set.</summary>
    public bool TrySetThreads(int threads)
    {
        if (SetThreads == null)
        {
            return false;
        }

        SetThreads(threads);
        return true;
    }

    /// <summary>Row-major <c>cblas_sgemm</c> with the engine's argument order.</summary>
    public void Sgemm(
        bool transA, bool transB, int m, int n, int k, float alpha,
        float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc)
    {
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            sgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
        }
    }
}
