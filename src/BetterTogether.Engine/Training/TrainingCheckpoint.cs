using System.Text.Json;
using System.Text.Json.Nodes;
using BetterTogether.Engine.Model;
using BetterTogether.Engine.Peft;
using BetterTogether.Engine.SafeTensors;

namespace BetterTogether.Engine.Training;

/// <summary>
/// A resumable training checkpoint: <c>adapter/</c> (PEFT), <c>model/</c> (full training only),
/// <c>optimizer.safetensors</c> (AdamW moments) and <c>trainer_state.json</c> (step, seed).
/// </summary>
internal static class TrainingCheckpoint
{
    private const string OptimizerFile = "optimizer.safetensors";

    public static void Save(LoraTrainer trainer, string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Directory.CreateDirectory(folder);
        var tensors = new List<SafeTensor>();
        if (trainer.Adapter is not null && trainer.LoraOptimizer is { } lo)
        {
            PeftAdapter.Save(trainer.Adapter, Path.Combine(folder, "adapter"));
            tensors.Add(new SafeTensor("lora.exp_avg", [lo.FirstMoment.Length], lo.FirstMoment));
            tensors.Add(new SafeTensor("lora.exp_avg_sq", [lo.SecondMoment.Length], lo.SecondMoment));
        }

        if (trainer.BaseOptimizer is { } bo)
        {
            trainer.Model.Save(Path.Combine(folder, "model"));
            tensors.Add(new SafeTensor("base.exp_avg", [bo.FirstMoment.Length], bo.FirstMoment));
            tensors.Add(new SafeTensor("base.exp_avg_sq", [bo.SecondMoment.Length], bo.SecondMoment));
        }

        SafeTensorsWriter.Write(Path.Combine(folder, OptimizerFile), tensors);
        var state = new JsonObject
        {
            ["step"] = trainer.CompletedSteps,
            ["seed"] = trainer.Options.Seed,
            ["train_base_weights"] = trainer.Options.TrainBaseWeights,
        };
        File.WriteAllText(Path.Combine(folder, TrainingCheckpointState.FileName), state.ToJsonString());
    }

    public static int Load(LoraTrainer trainer, string folder)
    {
        var step = TrainingCheckpointState.ReadStep(folder, trainer.Options.Seed);
        using var opt = SafeTensorsFile.Open(Path.Combine(folder, OptimizerFile));
        if (trainer.Adapter is not null && trainer.LoraOptimizer is { } lo)
        {
            var saved = PeftAdapter.Load(Path.Combine(folder, "adapter"), trainer.Model.Config);
            if (saved.Parameters.Length != trainer.Adapter.Parameters.Length || saved.Config.Rank != trainer.Adapter.Config.Rank)
            {
                throw new InvalidOperationException($"{folder}: the checkpoint's adapter does not match the adapter being trained.");
            }

            saved.Parameters.CopyTo(trainer.Adapter.Parameters, 0);
            opt.ReadFloats("lora.exp_avg", lo.FirstMoment);
            opt.ReadFloats("lora.exp_avg_sq", lo.SecondMoment);
            lo.Step = step;
        }

        if (trainer.BaseOptimizer is { } bo)
        {
            var saved = LlamaModel.Load(Path.Combine(folder, "model"));
            saved.Weights.CopyTo(trainer.Model.Weights, 0);
            opt.ReadFloats("base.exp_avg", bo.FirstMoment);
            opt.ReadFloats("base.exp_avg_sq", bo.SecondMoment);
            bo.Step = step;
        }

        return step;
    }
}
