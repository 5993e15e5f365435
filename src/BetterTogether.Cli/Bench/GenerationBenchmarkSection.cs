using System.Globalization;
using BetterTogether.Engine.Inference;
using BetterTogether.Engine.Kernels;
using Spectre.Console;

namespace BetterTogether.Cli.Bench;

/// <summary>
/// Generation tokens/s of the engine on the bench model: one request (KV-cache decode), and 8 requests decoded
/// together with <see cref="TokenGenerator.GenerateBatch"/>; greedy, no stop tokens, prefill included.
/// </summary>
internal sealed class GenerationBenchmarkSection : IBenchmarkSection
{
    private const int PromptTokens = 32;

    /// <inheritdoc/>
    public string Title => "Generation (greedy, KV cache, prefill included): engine";

    /// <inheritdoc/>
    public void Run(BenchOptions options, IAnsiConsole console, CancellationToken cancellationToken)
    {
        Gemm.MaxDegreeOfParallelism = options.Threads;
        var newTokens = options.Quick ? 32 : 128;
        var repetitions = options.Quick ? 3 : 5;
        console.MarkupLine(Markup.Escape(string.Create(
            CultureInfo.InvariantCulture,
            $"Model: {BenchModel.Description}; prompt {PromptTokens} tokens, {newTokens} new tokens per sequence; median of {repetitions} after 1 warm-up; threads {options.Threads}; load average {BenchClock.LoadAverage() ?? "?"}")));

        var generator = new TokenGenerator(BenchModel.CreateModel());
        var sampling = new SamplingOptions { MaxNewTokens = newTokens };
        var rng = new Random(5);
        var table = new Table().AddColumns("Batch", "New tokens", "Seconds (median)", "Tokens/s", "CPU s", "Tokens per CPU-s");
        for (var i = 0; i < 6; i++)
        {
            table.Columns[i].RightAligned();
        }

        foreach (var batch in new[] { 1, 8 })
        {
            var prompts = Enumerable.Range(0, batch).Select(_ => (IReadOnlyList<int>)BenchModel.RandomTokens(rng, PromptTokens)).ToArray();
            var generated = 0;
            Action run = batch == 1
                ? () => generated = generator.Generate(prompts[0], sampling, cancellationToken: cancellationToken).Tokens.Count
                : () => generated = generator.GenerateBatch(prompts, sampling, cancellationToken: cancellationToken).Sum(r => r.Tokens.Count);
            run();
            var samples = new List<BenchClock>();
            for (var i = 0; i < repetitions; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                samples.Add(BenchClock.Measure(run));
            }

            var median = BenchClock.Median(samples);
            table.AddRow(
                F(batch, "0"), F(generated, "0"), F(median.WallSeconds, "0.000"), F(generated / median.WallSeconds, "0"),
                F(median.CpuSeconds, "0.000"), F(generated / Math.Max(median.CpuSeconds, 1e-9), "0"));
        }

        console.Write(table);
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
