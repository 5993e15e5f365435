using System.Globalization;
using BetterTogether.Engine.Kernels;
using Spectre.Console;

namespace BetterTogether.Cli.Bench;

/// <summary>GEMM GFLOP/s of the engine's kernel against OpenBLAS <c>cblas_sgemm</c> on the engine's shapes, side by side.</summary>
internal sealed class GemmBenchmarkSection : IBenchmarkSection
{
    /// <inheritdoc/>
    public string Title => "GEMM (single precision, row-major): engine vs OpenBLAS";

    /// <inheritdoc/>
    public void Run(BenchOptions options, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var blas = OpenBlas.TryLoad();
        if (blas is null)
        {
            console.MarkupLine($"[yellow]OpenBLAS not found (libopenblas.so.0); install it with `{OpenBlas.InstallHint}` to compare. Engine figures only.[/]");
        }
        else
        {
            var threadsSet = blas.TrySetThreads(options.Threads);
            console.MarkupLine(Markup.Escape($"OpenBLAS: {blas.Path} ({blas.Config ?? "no config"}), threads {(threadsSet ? options.Threads.ToString(CultureInfo.InvariantCulture) : "default")}"));
        }

        Gemm.MaxDegreeOfParallelism = options.Threads;
        console.MarkupLine(Markup.Escape($"Engine: {GemmDescription()}, threads {options.Threads}; median of {options.Repetitions} after {options.WarmUps} warm-up"));

        var table = new Table().AddColumns("Use", "Op", "m", "n", "k", "Engine GFLOP/s", "OpenBLAS GFLOP/s", "Ratio");
        foreach (var index in new[] { 2, 3, 4 })
        {
            table.Columns[index].RightAligned();
        }

        var ratios = new List<double>();
        foreach (var shape in Shapes(options.Quick))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (ours, theirs) = Measure(shape, blas, options);
            string ratioText = "-";
            if (theirs is { } t)
            {
                ratios.Add(ours / t);
                ratioText = Format(ours / t, "0.00") + "×";
            }

            table.AddRow(
                shape.Use, shape.Op, Format(shape.M, "0"), Format(shape.N, "0"), Format(shape.K, "0"),
                Format(ours, "0.0"), theirs is { } th ? Format(th, "0.0") : "-", ratioText);
        }

        console.Write(table);
        if (ratios.Count > 0)
        {
            var geoMean = Math.Exp(ratios.Average(Math.Log));
            console.MarkupLine(Markup.Escape($"Geometric mean ratio engine/OpenBLAS: {Format(geoMean, "0.00")}× over {ratios.Count} shapes"));
        }
    }

    private static IEnumerable<GemmBenchShape> Shapes(bool quick)
    {
        if (quick)
        {
            return [.. GemmBenchShape.ForModel(256, 688, 4096, 512, includeBackward: false), new("square", false, false, 1024, 1024, 1024)];
        }

        return
        [
            .. GemmBenchShape.ForModel(256, 688, 4096, 512, includeBackward: true),
            .. GemmBenchShape.ForModel(512, 1376, 4096, 2048, includeBackward: true),
            new("square", false, false, 1024, 1024, 1024),
            new("square", false, false, 2048, 2048, 2048),
        ];
    }

    private static (double Ours, double? Theirs) Measure(GemmBenchShape s, OpenBlas? blas, BenchOptions options)
    {
        var lda = s.TransA ? s.M : s.K;
        var ldb = s.TransB ? s.K : s.N;
        var a = RandomMatrix((s.TransA ? s.K : s.M) * lda, 1);
        var b = RandomMatrix((s.TransB ? s.N : s.K) * ldb, 2);
        var c = new float[s.M * s.N];

        var ours = BenchTiming.MedianSeconds(
            () => Gemm.Sgemm(s.TransA, s.TransB, s.M, s.N, s.K, 1f, a, lda, b, ldb, 0f, c, s.N),
            options.WarmUps,
            options.Repetitions);
        double? theirs = blas is null
            ? null
            : BenchTiming.MedianSeconds(
                () => blas.Sgemm(s.TransA, s.TransB, s.M, s.N, s.K, 1f, a, lda, b, ldb, 0f, c, s.N),
                options.WarmUps,
                options.Repetitions);
        return (s.Flops / ours / 1e9, theirs is { } t ? s.Flops / t / 1e9 : null);
    }

    private static float[] RandomMatrix(int length, int seed)
    {
        var rng = new Random(seed);
        var data = new float[length];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        return data;
    }

    private static string GemmDescription()
        => System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "Vector512 12×32 micro-kernel"
            : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? "Vector256 6×16 micro-kernel"
            : "scalar reference";

    private static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
