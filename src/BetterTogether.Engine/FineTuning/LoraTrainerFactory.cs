using BetterTogether.Core.FineTuning;
using BetterTogether.Engine.Lora;
using BetterTogether.Engine.Model;
using BetterTogether.Engine.Serving;
using BetterTogether.Engine.Training;

namespace BetterTogether.Engine.FineTuning;

/// <summary>
/// Turns a fine-tuning job's hyperparameters into a LoRA trainer over a loaded model: a fresh PEFT-initialised
/// adapter and the matching trainer options. Shared by the in-process fine-tuner and the trainer container.
/// </summary>
public static class LoraTrainerFactory
{
    /// <summary>Creates the adapter (seeded) and the trainer that trains it.</summary>
    /// <param name="model">The base model.</param>
    /// <param name="hp">The hyperparameters.</param>
    /// <param name="baseModelName">Recorded in the adapter's config as <c>base_model_name_or_path</c>.</param>
    /// <param name="seed">Seed of the adapter's initialisation, data order and dropout.</param>
    /// <param name="time">Clock for progress timing.</param>
    /// <returns>The trainer; its <see cref="LoraTrainer.Adapter"/> is the adapter being trained.</returns>
    public static LoraTrainer Create(LocalModel model, FineTuneHyperparameters hp, string baseModelName, int seed, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(hp);
        var lora = new LoraConfig
        {
            Rank = hp.Rank,
            Alpha = hp.Alpha,
            Dropout = hp.Dropout,
            TargetModules = hp.TargetModules.Count == 0 ? LinearModules.All : hp.TargetModules.Select(LinearModules.Parse).ToList(),
            BaseModelNameOrPath = baseModelName,
        };
        var adapter = LoraAdapter.CreateInitialized(model.Model.Config, lora, seed);
        var options = new LoraTrainerOptions
        {
            LearningRate = hp.LearningRate,
            WeightDecay = hp.WeightDecay,
            MaxGradNorm = hp.MaxGradNorm,
            WarmupRatio = hp.WarmupRatio,
            Epochs = hp.Epochs,
            BatchSize = hp.BatchSize,
            GradientAccumulationSteps = hp.GradientAccumulationSteps,
            MaxSequenceLength = Math.Min(hp.MaxSequenceLength, model.Model.Config.MaxPositionEmbeddings),
            Seed = seed,
        };
        return new LoraTrainer(model.Model, adapter, options, time);
    }
}
