namespace BetterTogether.Cli.Bench;

/// <summary>Options of <c>bt bench</c>.</summary>
/// <param name="Quick">Fewer shapes and repetitions (a smoke run).</param>
/// <param name="Threads">Threads for our kernels and for OpenBLAS alike.</param>
internal sealed record BenchOptions(bool Quick, int Threads)
{
    /// <summary>Gets the timed repetitions per case (after warm-up); the median is reported.</summary>
    public int Repetitions => Quick ? 3 : 9;

    /// <summary>Gets the untimed warm-up calls per case.</summary>
    public int WarmUps => Quick ? 1 : 2;
}
