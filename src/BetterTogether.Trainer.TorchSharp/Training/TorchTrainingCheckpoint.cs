using BetterTogether.Engine.Training;
using System.Text.Json;
using System.Text.Json.Nodes;
using BetterTogether.Engine.Peft;
using BetterTogether.Engine.SafeTensors;
using BetterTogether.Trainer.TorchSharp.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace BetterTogether.Trainer.TorchSharp.Training;

/// <summary>
/// The engine's checkpoint layout, written from LibTorch tensors: <c>adapter/</c> (PEFT), <c>optimizer.safetensors</c>
/// (<c>lora.exp_avg</c>, <c>lora.exp_avg_sq</c>, flat in the adapter's slot order) and <c>trainer_state.json</c>
/// (step, seed). All fp32, so a resumed run continues bit for bit; the engine can resume these checkpoints too.
/// </summary>
internal static class TorchTrainingCheckpoint
{
    private const string OptimizerFile = "optimizer.safetensors";
    private const string FirstMomentName = "lora.exp_avg";
    private const string SecondMomentName = "lora.exp_avg_sq";

    public static void Save(TorchLoraTrainer trainer, TorchLoraWeights lora, string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Directory.CreateDirectory(folder);
        var adapter = lora.ToAdapter();
        PeftAdapter.Save(adapter, Path.Combine(folder, "adapter"));
        var first = Flatten(trainer.Optimizer.FirstMoments, adapter.Parameters.Length);
        var second = Flatten(trainer.Optimizer.SecondMoments, adapter.Parameters.Length);
        SafeTensorsWriter.Write(Path.Combine(folder, OptimizerFile), [new SafeTensor(FirstMomentName, [first.Length], first), new SafeTensor(SecondMomentName, [second.Length], second)]);
        var state = new JsonObject
        {
            ["step"] = trainer.CompletedSteps,
            ["seed"] = trainer.Options.Seed,
            ["train_base_weights"] = false,
        };
        File.WriteAllText(Path.Combine(folder, TrainingCheckpointState.FileName), state.ToJsonString());
    }

    public static int Load(TorchLoraTrainer trainer, TorchLoraWeights lora, string folder)
    {
        var step = TrainingCheckpointState.ReadStep(folder, trainer.Options.Seed);
        var saved = PeftAdapter.Load(Path.Combine(folder, "adapter"), lora.ModelConfig);
        lora.CopyFrom(saved);
        using var optimizer = SafeTensorsFile.Open(Path.Combine(folder, OptimizerFile));
        Restore(optimizer.ReadFloats(FirstMomentName), trainer.Optimizer.FirstMoments, Path.Combine(folder, OptimizerFile));
        Restore(optimizer.ReadFloats(SecondMomentName), trainer.Optimizer.SecondMoments, Path.Combine(folder, OptimizerFile));
        trainer.Optimizer.Step = step;
        return step;
    }

    private static float[] Flatten(IReadOnlyList<Tensor> tensors, int total)
    {
        var flat = new float[total];
        var offset = 0;
        foreach (var t in tensors)
        {
            var n = (int)t.numel();
            TorchLoraWeights.Flatten(t, flat.AsSpan(offset, n));
            offset += n;
        }

        return flat;
    }

    private static void Restore(float[] flat, IReadOnlyList<Tensor> tensors, string path)
    {
        if (flat.Length != tensors.Sum(t => t.numel()))
        {
            throw new InvalidOperationException($"{path}: the optimizer state has {flat.Length} values, the adapter being trained needs {tensors.Sum(t => t.numel())}.");
        }

        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var offset = 0;
        foreach (var t in tensors)
        {
            var n = (int)t.numel();
            t.copy_(torch.tensor(flat.AsSpan(offset, n).ToArray(), t.shape, ScalarType.Float32));
            offset += n;
        }
    }
}
