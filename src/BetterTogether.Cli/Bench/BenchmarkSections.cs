namespace BetterTogether.Cli.Bench;

/// <summary>The sections <c>bt bench</c> runs.</summary>
internal static class BenchmarkSections
{
    /// <summary>Gets every section, in print order.</summary>
    public static IReadOnlyList<IBenchmarkSection> All { get; } =
    [
        new GemmBenchmarkSection(),
        new LoraTrainingBenchmarkSection(),
        new GenerationBenchmarkSection(),
        new DurableOverheadBenchmarkSection(),
    ];
}
