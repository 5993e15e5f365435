using System.Globalization;
using BetterTogether.Engine.Kernels;
using BetterTogether.Engine.Training;
using Spectre.Console;

namespace BetterTogether.Cli.Bench;

/// <summary>
/// LoRA training tokens/s of the engine against the trainer's TorchSharp backend and PyTorch CPU on the same model,
/// sequence length, batch and rank: forward, backward (no base-weight gradients), clipping and an AdamW step. Rounds
/// alternate the contenders so all see the same load; wall and CPU-normalised figures are printed.
/// </summary>
internal sealed class LoraTrainingBenchmarkSection : IBenchmarkSection
{
    private const int Batch = 2;

    /// <inheritdoc/>
    public string Title => "LoRA training step (forward + backward + AdamW): engine vs TorchSharp vs PyTorch CPU";

    /// <inheritdoc/>
    public void Run(BenchOptions options, IAnsiConsole console, CancellationToken cancellationToken)
    {
        Gemm.MaxDegreeOfParallelism = options.Threads;
        var steps = options.Quick ? 2 : 4;
        var rounds = options.Quick ? 1 : 2;
        console.MarkupLine(Markup.Escape(string.Create(
            CultureInfo.InvariantCulture,
            $"Model: {BenchModel.Description}; LoRA r={BenchModel.Rank}, alpha={BenchModel.Alpha} on all 7 projections; batch {Batch} × seq {BenchModel.SequenceLength}; {rounds} round(s) of 1 warm-up + {steps} timed steps each; threads {options.Threads}; load average {BenchClock.LoadAverage() ?? "?"}")));

        var torch = TorchReference.TryFind(out var reason);
        if (torch is null)
        {
            console.MarkupLine(Markup.Escape($"PyTorch skipped: {reason}. Engine figures only."));
        }

        var torchSharpSkipped = TorchSharpLoraStep.TryLoad();
        if (torchSharpSkipped is not null)
        {
            console.MarkupLine(Markup.Escape($"TorchSharp skipped: {torchSharpSkipped}"));
        }

        var engineSteps = new List<BenchClock>();
        var torchSharpSteps = new List<BenchClock>();
        var torchSteps = new List<BenchClock>();
        string? torchVersion = null;
        string? torchFailure = null;
        for (var round = 0; round < rounds; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            engineSteps.AddRange(MeasureEngine(steps, cancellationToken));
            if (torchSharpSkipped is null)
            {
                torchSharpSteps.AddRange(TorchSharpLoraStep.Measure(Batch, steps, options.Threads, cancellationToken));
            }

            if (torch is not null && torchFailure is null)
            {
                try
                {
                    var (version, measured) = torch.RunTraining(Batch, warmUps: 1, steps, options.Threads);
                    torchVersion = version;
                    torchSteps.AddRange(measured);
                }
                catch (InvalidOperationException ex)
                {
                    torchFailure = ex.Message;
                }
            }
        }

        var tokens = Batch * BenchModel.SequenceLength;
        var table = new Table().AddColumns("Contender", "Tokens/step", "Step s (median)", "Tokens/s", "CPU s/step", "Tokens per CPU-s");
        for (var i = 1; i < 6; i++)
        {
            table.Columns[i].RightAligned();
        }

        var engine = BenchClock.Median(engineSteps);
        AddRow(table, "engine (C#)", tokens, engine);
        BenchClock? torchSharp = torchSharpSteps.Count > 0 ? BenchClock.Median(torchSharpSteps) : null;
        if (torchSharp is { } ts)
        {
            AddRow(table, TorchSharpLoraStep.Label, tokens, ts);
        }

        BenchClock? reference = null;
        if (torchSteps.Count > 0)
        {
            reference = BenchClock.Median(torchSteps);
            AddRow(table, $"PyTorch {torchVersion} CPU", tokens, reference.Value);
        }

        console.Write(table);
        if (torchFailure is not null)
        {
            console.MarkupLine(Markup.Escape($"PyTorch failed: {torchFailure}"));
        }

        if (torchSharp is { } t)
        {
            console.MarkupLine(Markup.Escape(string.Create(
                CultureInfo.InvariantCulture,
                $"Engine/TorchSharp: {t.WallSeconds / engine.WallSeconds:0.00}× tokens/s (wall), {t.CpuSeconds / engine.CpuSeconds:0.00}× tokens per CPU-second")));
        }

        if (reference is { } r)
        {
            console.MarkupLine(Markup.Escape(string.Create(
                CultureInfo.InvariantCulture,
                $"Engine/PyTorch: {r.WallSeconds / engine.WallSeconds:0.00}× tokens/s (wall), {r.CpuSeconds / engine.CpuSeconds:0.00}× tokens per CPU-second; load average now {BenchClock.LoadAverage() ?? "?"}")));
        }
    }

    private static void AddRow(Table table, string name, int tokens, BenchClock step) => table.AddRow(
        name,
        F(tokens, "0"),
        F(step.WallSeconds, "0.000"),
        F(tokens / step.WallSeconds, "0"),
        F(step.CpuSeconds, "0.000"),
        F(tokens / Math.Max(step.CpuSeconds, 1e-9), "0"));

    private static List<BenchClock> MeasureEngine(int steps, CancellationToken cancellationToken)
    {
        var model = BenchModel.CreateModel();
        var adapter = BenchModel.CreateAdapter();
        var trainer = new LoraTrainer(model, adapter, new LoraTrainerOptions { BatchSize = Batch, MaxSequenceLength = BenchModel.SequenceLength, LearningRate = 1e-3 });
        var data = BenchModel.TrainingData(Batch, steps);

        // Each StepCompleted closes one step's measurement and opens the next; the first step is the warm-up.
        var samples = new List<BenchClock>();
        var mark = BenchClock.Start();
        trainer.StepCompleted += (_, progress) =>
        {
            samples.Add(mark.Stop());
            mark = BenchClock.Start();
        };
        trainer.Train(data, cancellationToken);
        return samples.Skip(1).ToList();
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
