using BetterTogether.Core.FineTuning;
using BetterTogether.Engine.ChatTemplates;
using BetterTogether.Engine.Lora;
using BetterTogether.Engine.Model;
using BetterTogether.Engine.Tokenization;
using BetterTogether.Engine.Training;

namespace BetterTogether.Trainer.TorchSharp.Jobs;

/// <summary>
/// A fine-tuning job's inputs in the engine's terms: the LoRA config and trainer options its hyperparameters mean (the
/// mapping of the engine's <c>LoraTrainerFactory</c>, kept equal by a test, so both backends train the same run for the
/// same spec) and its chat records as masked sequences (assistant tokens are the targets).
/// </summary>
public static class TorchLoraJobSetup
{
    /// <summary>The adapter's LoRA settings.</summary>
    /// <param name="hp">The hyperparameters.</param>
    /// <param name="baseModelName">Recorded as <c>base_model_name_or_path</c>.</param>
    /// <returns>The config.</returns>
    public static LoraConfig LoraConfigFor(FineTuneHyperparameters hp, string baseModelName)
    {
        ArgumentNullException.ThrowIfNull(hp);
        return new LoraConfig
        {
            Rank = hp.Rank,
            Alpha = hp.Alpha,
            Dropout = hp.Dropout,
            TargetModules = hp.TargetModules.Count == 0 ? LinearModules.All : hp.TargetModules.Select(LinearModules.Parse).ToList(),
            BaseModelNameOrPath = baseModelName,
        };
    }

    /// <summary>The optimisation settings.</summary>
    /// <param name="hp">The hyperparameters.</param>
    /// <param name="model">The base architecture (its context caps the sequence length).</param>
    /// <param name="seed">Seed of data order and dropout.</param>
    /// <returns>The options.</returns>
    public static LoraTrainerOptions TrainerOptionsFor(FineTuneHyperparameters hp, ModelConfig model, int seed)
    {
        ArgumentNullException.ThrowIfNull(hp);
        ArgumentNullException.ThrowIfNull(model);
        return new LoraTrainerOptions
        {
            LearningRate = hp.LearningRate,
            WeightDecay = hp.WeightDecay,
            MaxGradNorm = hp.MaxGradNorm,
            WarmupRatio = hp.WarmupRatio,
            Epochs = hp.Epochs,
            BatchSize = hp.BatchSize,
            GradientAccumulationSteps = hp.GradientAccumulationSteps,
            MaxSequenceLength = Math.Min(hp.MaxSequenceLength, model.MaxPositionEmbeddings),
            Seed = seed,
        };
    }

    /// <summary>
    /// Renders <paramref name="records"/> with the folder's tokenizer (<c>tokenizer.json</c>) and chat template
    /// (<c>tokenizer_config.json</c>), as the engine's fine-tuner does.
    /// </summary>
    /// <param name="modelFolder">The HF model folder.</param>
    /// <param name="model">Its architecture (the tokenizer's ids must fit its vocabulary).</param>
    /// <param name="records">The chat records.</param>
    /// <returns>One sequence per record.</returns>
    /// <exception cref="ModelFormatException">The tokenizer has more ids than the model's vocabulary.</exception>
    public static IReadOnlyList<TrainingSequence> ReadSequences(string modelFolder, ModelConfig model, IEnumerable<ChatRecord> records)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelFolder);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(records);
        var tokenizer = BpeTokenizer.Load(Path.Combine(modelFolder, "tokenizer.json"));
        if (tokenizer.VocabSize > model.VocabSize)
        {
            throw new ModelFormatException($"{modelFolder}: the tokenizer has {tokenizer.VocabSize} ids but the model's vocab_size is {model.VocabSize}.");
        }

        var template = ChatTemplate.FromTokenizerConfig(Path.Combine(modelFolder, "tokenizer_config.json"));
        return records.Select(r =>
        {
            var example = template.RenderForTraining(tokenizer, r.Messages.Select(m => new ChatTurn(m.Role, m.Content)).ToList());
            return new TrainingSequence(example.Ids, example.IsAssistantTarget);
        }).ToList();
    }
}
