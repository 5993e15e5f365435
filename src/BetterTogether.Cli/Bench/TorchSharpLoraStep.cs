using BetterTogether.Engine.Training;
using BetterTogether.Trainer.TorchSharp.Model;
using BetterTogether.Trainer.TorchSharp.Native;
using BetterTogether.Trainer.TorchSharp.Training;
using TorchSharp;

namespace BetterTogether.Cli.Bench;

/// <summary>
/// The trainer's TorchSharp backend (LibTorch CPU) on the bench model: the same weights, adapter, batch and options as
/// the engine's measurement. <c>bt</c> does not carry the LibTorch natives (about 500 MB): they are loaded from
/// <c>BT_LIBTORCH_NATIVE_DIR</c> or, failing that, from the NuGet cache where building the TorchSharp tests put them.
/// </summary>
internal static class TorchSharpLoraStep
{
    /// <summary>Gets the label of the TorchSharp row.</summary>
    public static string Label => $"TorchSharp (LibTorch {LibTorchRuntime.LibTorchVersion}) CPU";

    /// <summary>Loads LibTorch; returns null with the reason when it cannot be used here.</summary>
    public static string? TryLoad()
    {
        var folder = Environment.GetEnvironmentVariable(LibTorchRuntime.NativeFolderVariable) ?? LibTorchRuntime.FindRestoredCpuNatives();
        if (folder is null)
        {
            return $"no LibTorch natives: set {LibTorchRuntime.NativeFolderVariable}, or build tests/BetterTogether.Trainer.TorchSharp.Tests once to restore libtorch-cpu-linux-x64 {LibTorchRuntime.LibTorchVersion}";
        }

        try
        {
            LibTorchRuntime.EnsureLoaded(folder);
            return null;
        }
        catch (LibTorchUnavailableException ex)
        {
            return $"{ex.Message} (On Debian 12 point {LibTorchRuntime.NativeFolderVariable} at the test build's patched copy: tests/BetterTogether.Trainer.TorchSharp.Tests/bin/Release/net10.0/runtimes/linux-x64/native.)";
        }
    }

    /// <summary>Trains <paramref name="steps"/> + 1 steps and returns the timings of all but the first (the warm-up).</summary>
    public static List<BenchClock> Measure(int batch, int steps, int threads, CancellationToken cancellationToken)
    {
        torch.set_num_threads(threads);
        using var weights = TorchLlamaWeights.FromModel(BenchModel.CreateModel(), TorchTarget.Cpu);
        using var lora = TorchLoraWeights.FromAdapter(BenchModel.CreateAdapter(), TorchTarget.Cpu.Device);
        using var model = new TorchLlama(weights, lora);
        using var trainer = new TorchLoraTrainer(model, new LoraTrainerOptions { BatchSize = batch, MaxSequenceLength = BenchModel.SequenceLength, LearningRate = 1e-3 });
        var samples = new List<BenchClock>();
        var mark = BenchClock.Start();
        trainer.StepCompleted += (_, _) =>
        {
            samples.Add(mark.Stop());
            mark = BenchClock.Start();
        };
        trainer.Train(BenchModel.TrainingData(batch, steps), cancellationToken);
        return samples.Skip(1).ToList();
    }
}
