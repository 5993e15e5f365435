using BetterTogether.Core.FineTuning;

namespace BetterTogether.Trainer.Backends;

/// <summary>One training run for an <see cref="ITrainingBackend"/>.</summary>
/// <param name="ModelFolder">Local HF model folder (config, weights, tokenizer, tokenizer config).</param>
/// <param name="BaseModelName">The base model id written into the adapter config.</param>
/// <param name="Records">Chat records; loss on assistant messages only.</param>
/// <param name="Hyperparameters">LoRA and optimizer settings.</param>
/// <param name="Seed">Seed for initialisation, dropout and data order.</param>
/// <param name="OutputFolder">Local folder that receives <c>adapter_config.json</c> and <c>adapter_model.safetensors</c>.</param>
public sealed record TrainingBackendRequest(
    string ModelFolder,
    string BaseModelName,
    IReadOnlyList<ChatRecord> Records,
    FineTuneHyperparameters Hyperparameters,
    int Seed,
    string OutputFolder)
{
    /// <summary>Checkpointing and resume, or null for none.</summary>
    public TrainingCheckpointing? Checkpointing { get; init; }
}
