using BetterTogether.Engine.Lora;
using BetterTogether.Engine.Peft;
using BetterTogether.Engine.Training;
using BetterTogether.Trainer.TorchSharp.Model;
using BetterTogether.Trainer.TorchSharp.Native;
using BetterTogether.Trainer.TorchSharp.Tests.Infrastructure;
using BetterTogether.Trainer.TorchSharp.Training;
using Xunit.Abstractions;

namespace BetterTogether.Trainer.TorchSharp.Tests.Parity;

/// <summary>
/// TorchSharp on the CPU against the engine on the same weights, adapter and data: the same per-step losses, and
/// adapters that each side trains give the same logits on the other side.
/// </summary>
public sealed class EngineParityTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-3;

    /// <summary>20 steps with clipping, warm-up + cosine, weight decay, shuffling and (Llama) gradient accumulation.</summary>
    private static LoraTrainerOptions Options(string name) => new()
    {
        LearningRate = 5e-3,
        WeightDecay = 0.01,
        MaxGradNorm = 0.5,
        WarmupRatio = 0.15,
        CosineSchedule = true,
        BatchSize = name == "llama" ? 1 : 2,
        GradientAccumulationSteps = name == "llama" ? 2 : 1,
        MaxSequenceLength = 20,
        Seed = 9,
    };

    [Theory]
    [MemberData(nameof(TinyModels.Names), MemberType = typeof(TinyModels))]
    public void Train_SameAdapterAndData_PerStepLossesMatchEngineFor20Steps(string name)
    {
        var engineModel = TinyModels.Model(name);
        var initial = LoraAdapter.CreateInitialized(engineModel.Config, TinyModels.Lora(), seed: 4);
        var data = TinyModels.Sequences(engineModel.Config, 40);
        var options = Options(name);

        var engineAdapter = new LoraAdapter(engineModel.Config, initial.Config);
        initial.Parameters.CopyTo(engineAdapter.Parameters, 0);
        var engine = new LoraTrainer(engineModel, engineAdapter, options).Train(data);

        using var weights = TorchLlamaWeights.FromModel(engineModel, TorchTarget.Cpu);
        using var lora = TorchLoraWeights.FromAdapter(initial, TorchTarget.Cpu.Device);
        using var model = new TorchLlama(weights, lora);
        using var trainer = new TorchLoraTrainer(model, options);
        var torch = trainer.Train(data);

        output.WriteLine($"{name}: largest per-step loss difference over 20 steps {engine.Losses.Zip(torch.Losses, (a, b) => Math.Abs(a - b)).Max():E2}");
        Assert.Equal(20, engine.Losses.Count);
        Assert.Equal(20, torch.Losses.Count);
        for (var i = 0; i < 20; i++)
        {
            Assert.True(Math.Abs(engine.Losses[i] - torch.Losses[i]) < Tolerance, $"step {i + 1}: engine {engine.Losses[i]:F6}, TorchSharp {torch.Losses[i]:F6}");
        }

        // Training moved the loss, so the comparison covered real updates.
        Assert.True(torch.Losses[^1] < torch.Losses[0] - 0.05, $"loss {torch.Losses[0]:F4} -> {torch.Losses[^1]:F4}");
    }

    [Theory]
    [MemberData(nameof(TinyModels.Names), MemberType = typeof(TinyModels))]
    public void TorchSharpAdapter_LoadedByEngine_GivesTheSameLogits(string name)
    {
        var engineModel = TinyModels.Model(name);
        var data = TinyModels.Sequences(engineModel.Config, 8);
        using var weights = TorchLlamaWeights.FromModel(engineModel, TorchTarget.Cpu);
        using var lora = TorchLoraWeights.FromAdapter(LoraAdapter.CreateInitialized(engineModel.Config, TinyModels.Lora(), seed: 4), TorchTarget.Cpu.Device);
        using var model = new TorchLlama(weights, lora);
        using (var trainer = new TorchLoraTrainer(model, Options(name) with { Epochs = 2 }))
        {
            trainer.Train(data);
        }

        var folder = TinyModels.TempFolder();
        PeftAdapter.Save(lora.ToAdapter(), folder);
        var loaded = PeftAdapter.Load(folder, engineModel.Config);

        AssertSameLogits(engineModel.Forward(data[0].Tokens.ToArray(), loaded), model.Logits(data[0].Tokens));
    }

    [Theory]
    [MemberData(nameof(TinyModels.Names), MemberType = typeof(TinyModels))]
    public void EngineAdapter_LoadedByTorchSharp_GivesTheSameLogits(string name)
    {
        var engineModel = TinyModels.Model(name);
        var data = TinyModels.Sequences(engineModel.Config, 8);
        var adapter = LoraAdapter.CreateInitialized(engineModel.Config, TinyModels.Lora(), seed: 4);
        new LoraTrainer(engineModel, adapter, Options(name) with { Epochs = 2 }).Train(data);
        var folder = TinyModels.TempFolder();
        PeftAdapter.Save(adapter, folder);

        using var weights = TorchLlamaWeights.FromModel(engineModel, TorchTarget.Cpu);
        using var lora = TorchLoraWeights.FromAdapter(PeftAdapter.Load(folder, engineModel.Config), TorchTarget.Cpu.Device);
        using var model = new TorchLlama(weights, lora);

        AssertSameLogits(engineModel.Forward(data[1].Tokens.ToArray(), adapter), model.Logits(data[1].Tokens));
    }

    private void AssertSameLogits(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        output.WriteLine($"largest logit difference {worst:E2}");
        Assert.True(worst < Tolerance, $"largest logit difference {worst:E2}");

        // The adapter changed the logits (B is no longer zero), so the comparison covered the LoRA branch.
        Assert.Contains(actual, v => v != 0);
    }
}
