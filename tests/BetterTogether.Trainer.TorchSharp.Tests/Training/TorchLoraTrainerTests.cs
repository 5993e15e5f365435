using BetterTogether.Engine.Lora;
using BetterTogether.Engine.Training;
using BetterTogether.Trainer.TorchSharp.Model;
using BetterTogether.Trainer.TorchSharp.Native;
using BetterTogether.Trainer.TorchSharp.Tests.Infrastructure;
using BetterTogether.Trainer.TorchSharp.Training;

namespace BetterTogether.Trainer.TorchSharp.Tests.Training;

/// <summary>Checkpoint and resume, gradient checkpointing and the trainer's guards, on the CPU.</summary>
public sealed class TorchLoraTrainerTests
{
    private static readonly LoraTrainerOptions Options = new()
    {
        LearningRate = 1e-2,
        WeightDecay = 0.01,
        WarmupRatio = 0.2,
        CosineSchedule = true,
        BatchSize = 2,
        GradientAccumulationSteps = 2,
        MaxSequenceLength = 24,
        Seed = 5,
    };

    [Fact]
    public void LoadCheckpoint_MidRun_ResumesBitIdentically()
    {
        var engineModel = TinyModels.Model("qwen2");
        var initial = LoraAdapter.CreateInitialized(engineModel.Config, TinyModels.Lora(dropout: 0.1), seed: 4);
        var data = TinyModels.Sequences(engineModel.Config, 32);
        var folder = Path.Combine(TinyModels.TempFolder(), "step-3");

        using var weights = TorchLlamaWeights.FromModel(engineModel, TorchTarget.Cpu);
        using var straight = new Run(weights, initial, new TorchLoraTrainerSettings());
        straight.Trainer.StepCompleted += (_, p) =>
        {
            if (p.Step == 3)
            {
                straight.Trainer.SaveCheckpoint(folder);
            }
        };
        var all = straight.Trainer.Train(data);

        using var resumed = new Run(weights, initial, new TorchLoraTrainerSettings());
        resumed.Trainer.LoadCheckpoint(folder);
        var rest = resumed.Trainer.Train(data);

        Assert.Equal(8, all.Steps);
        Assert.Equal(all.Losses.Skip(3), rest.Losses);
        Assert.Equal(straight.Lora.ToAdapter().Parameters, resumed.Lora.ToAdapter().Parameters);
    }

    [Fact]
    public void Train_GradientCheckpointing_SameLossesAndAdapterAsKeepingActivations()
    {
        var engineModel = TinyModels.Model("llama");
        var initial = LoraAdapter.CreateInitialized(engineModel.Config, TinyModels.Lora(dropout: 0.2), seed: 4);
        var data = TinyModels.Sequences(engineModel.Config, 16);
        using var weights = TorchLlamaWeights.FromModel(engineModel, TorchTarget.Cpu);

        using var kept = new Run(weights, initial, new TorchLoraTrainerSettings());
        using var recomputed = new Run(weights, initial, new TorchLoraTrainerSettings { GradientCheckpointing = true, LossChunkRows = 7 });
        var expected = kept.Trainer.Train(data).Losses;
        var actual = recomputed.Trainer.Train(data).Losses;

        // Recomputation redraws the same dropout masks; only summation order may differ.
        Assert.Equal(expected.Count, actual.Count);
        Assert.All(expected.Zip(actual), p => Assert.Equal(p.First, p.Second, 1e-5));
        var a = kept.Lora.ToAdapter().Parameters;
        var b = recomputed.Lora.ToAdapter().Parameters;
        Assert.All(a.Zip(b), p => Assert.Equal(p.First, p.Second, 1e-5));
    }

    [Fact]
    public void LoadCheckpoint_OtherSeed_ThrowsNamingTheFile()
    {
        var engineModel = TinyModels.Model("qwen2");
        var initial = LoraAdapter.CreateInitialized(engineModel.Config, TinyModels.Lora(), seed: 4);
        var folder = TinyModels.TempFolder();
        using var weights = TorchLlamaWeights.FromModel(engineModel, TorchTarget.Cpu);
        using (var run = new Run(weights, initial, new TorchLoraTrainerSettings()))
        {
            run.Trainer.SaveCheckpoint(folder);
        }

        using var other = new Run(weights, initial, new TorchLoraTrainerSettings(), Options with { Seed = 6 });
        var ex = Assert.Throws<InvalidOperationException>(() => other.Trainer.LoadCheckpoint(folder));
        Assert.Contains("trainer_state.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_BaseWeightTraining_IsRefused()
    {
        var engineModel = TinyModels.Model("qwen2");
        using var weights = TorchLlamaWeights.FromModel(engineModel, TorchTarget.Cpu);
        using var model = new TorchLlama(weights, null);
        Assert.Throws<ArgumentException>(() => new TorchLoraTrainer(model, Options));
        using var lora = TorchLoraWeights.FromAdapter(LoraAdapter.CreateInitialized(engineModel.Config, TinyModels.Lora(), seed: 4), TorchTarget.Cpu.Device);
        using var adapted = new TorchLlama(weights, lora);
        Assert.Throws<ArgumentException>(() => new TorchLoraTrainer(adapted, Options with { TrainBaseWeights = true }));
    }

    /// <summary>A fresh adapter (copied from <c>initial</c>), model and trainer over shared frozen weights.</summary>
    private sealed class Run : IDisposable
    {
        public Run(TorchLlamaWeights weights, LoraAdapter initial, TorchLoraTrainerSettings settings, LoraTrainerOptions? options = null)
        {
            Lora = TorchLoraWeights.FromAdapter(initial, TorchTarget.Cpu.Device);
            Model = new TorchLlama(weights, Lora);
            Trainer = new TorchLoraTrainer(Model, options ?? Options, settings);
        }

        public TorchLoraWeights Lora { get; }

        public TorchLlama Model { get; }

        public TorchLoraTrainer Trainer { get; }

        public void Dispose()
        {
            Trainer.Dispose();
            Model.Dispose();
            Lora.Dispose();
        }
    }
}
