namespace BetterTogether.Engine.Kernels;

/// <summary>
/// One validated GEMM call on pinned memory, splittable into independent parts: contiguous row ranges of C when
/// it is taller than wide, column ranges otherwise (each part packs its own share of the larger operand).
/// </summary>
internal readonly unsafe struct GemmJob
{
    /// <summary>
    /// Parts per thread: more parts than threads lets a thread that got its core back take more of the work
    /// when other processes share the machine; each part costs one extra packing of the smaller operand.
    /// </summary>
    private static readonly int PartsPerThread = int.TryParse(Environment.GetEnvironmentVariable("EK_PPT"), out var v) ? v : 1;

    private readonly bool transA;
    private readonly bool transB;
    private readonly int m;
    private readonly int n;
    private readonly int k;
    private readonly float alpha;
    private readonly nint a;
    private readonly int lda;
    private readonly nint b;
    private readonly int ldb;
    private readonly float beta;
    private readonly nint c;
    private readonly int ldc;
    private readonly bool wide;

    /// <summary>Initializes a new instance of the <see cref="GemmJob"/> struct.</summary>
    public GemmJob(
        bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc, bool wide)
    {
        this.transA = transA;
        this.transB = transB;
        this.m = m;
        this.n = n;
        this.k = k;
        this.alpha = alpha;
        this.a = (nint)a;
        this.lda = lda;
        this.b = (nint)b;
        this.ldb = ldb;
        this.beta = beta;
        this.c = (nint)c;
        this.ldc = ldc;
        this.wide = wide;
    }

    /// <summary>Gets how many parts this job can usefully be split into (at most <paramref name="threads"/>).</summary>
    public int PartCount(int threads)
    {
        if (threads <= 1)
        {
            return 1;
        }

        var (extent, quantum) = SplitAxis();
        return Math.Clamp((extent + quantum - 1) / quantum, 1, threads * PartsPerThread);
    }

    /// <summary>Runs part <paramref name="part"/> of <paramref name="parts"/> on the calling thread.</summary>
    public void RunPart(int part, int parts)
    {
        var (extent, quantum) = SplitAxis();
        var quanta = (extent + quantum - 1) / quantum;
        var start = Math.Min(extent, quanta * part / parts * quantum);
        var end = Math.Min(extent, quanta * (part + 1) / parts * quantum);
        if (end <= start)
        {
            return;
        }

        var pa = (float*)a;
        var pb = (float*)b;
        var pc = (float*)c;
        if (m >= n)
        {
            pa += transA ? start : (long)start * lda;
            pc += (long)start * ldc;
            Dispatch(end - start, n, pa, pb, pc);
        }
        else
        {
            pb += transB ? (long)start * ldb : start;
            pc += start;
            Dispatch(m, end - start, pa, pb, pc);
        }
    }

    private static readonly int QuantumRows = int.TryParse(Environment.GetEnvironmentVariable("EK_QR"), out var v) ? v : 24;
    private static readonly int QuantumCols = int.TryParse(Environment.GetEnvironmentVariable("EK_QC"), out var v) ? v : 32;

    private (int Extent, int Quantum) SplitAxis()
    {
        // Parts are whole register tiles of both kernels so no tile straddles two threads.
        return m >= n ? (m, QuantumRows) : (n, QuantumCols);
    }

    private void Dispatch(int rows, int cols, float* pa, float* pb, float* pc)
    {
        if (wide)
        {
            GemmDriver<MicroKernel512>.Run(transA, transB, rows, cols, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
        }
        else
        {
            GemmDriver<MicroKernel256>.Run(transA, transB, rows, cols, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
        }
    }
}
