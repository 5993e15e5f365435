using Spectre.Console;

namespace BetterTogether.Cli.Bench;

/// <summary>
/// One part of <c>bt bench</c> (GEMM throughput, LoRA training tokens/s, generation tokens/s, ...).
/// Sections run in the order of <see cref="BenchmarkSections.All"/> and each prints its own table.
/// </summary>
internal interface IBenchmarkSection
{
    /// <summary>Gets the heading printed above the section.</summary>
    string Title { get; }

    /// <summary>Measures and prints the section.</summary>
    /// <param name="options">The run's options.</param>
    /// <param name="console">Where to print.</param>
    /// <param name="cancellationToken">Stops the measurement between cases.</param>
    void Run(BenchOptions options, IAnsiConsole console, CancellationToken cancellationToken);
}
