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
    private const int PartsPerThread = 2;

    /// <summary>Rows per split quantum: whole tiles of both kernels (Mr 12 and 6), large enough to amortise packing.</summary>
    private const int QuantumRows = 48;

    /// <summary>Columns per split quantum: whole tiles of both kernels (Nr 32 and 16).</summary>
    private const int QuantumCols = 64;

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
        var start = (int)Math.Min(extent, (long)quanta * part / parts * quantum);
        var end = (int)Math.Min(extent, (long)quanta * (part + 1) / parts * quantum);
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

    private (int Extent, int Quantum) SplitAxis()
    {
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
