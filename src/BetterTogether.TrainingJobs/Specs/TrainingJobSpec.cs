using System.Text.Json.Serialization;
using BetterTogether.Core.FineTuning;

namespace BetterTogether.TrainingJobs.Specs;

/// <summary>
/// The training job contract between the dispatcher side and the trainer entrypoint (<c>bt-trainer</c>),
/// stored as JSON at <see cref="TrainingJobLayout.SpecPath"/>. Every location is an artifact-store path in
/// the store that <see cref="Store"/> names.
/// </summary>
public sealed record TrainingJobSpec
{
    /// <summary>The schema version this code writes and reads.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Schema version of the document.</summary>
    [JsonPropertyName("schemaVersion")]
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>The job id (idempotency key).</summary>
    [JsonPropertyName("jobId")]
    public required string JobId { get; init; }

    /// <summary>The base model's id, written into the adapter's <c>base_model_name_or_path</c>.</summary>
    [JsonPropertyName("baseModelName")]
    public required string BaseModelName { get; init; }

    /// <summary>Store folder (path prefix) of the HF base model: <c>config.json</c>, weights, <c>tokenizer.json</c>, <c>tokenizer_config.json</c>.</summary>
    [JsonPropertyName("baseModelPath")]
    public required string BaseModelPath { get; init; }

    /// <summary>Store path of the training data, chat JSONL (one <see cref="ChatRecord"/> per line).</summary>
    [JsonPropertyName("trainingDataPath")]
    public required string TrainingDataPath { get; init; }

    /// <summary>LoRA and optimizer settings.</summary>
    [JsonPropertyName("hyperparameters")]
    public FineTuneHyperparameters Hyperparameters { get; init; } = new();

    /// <summary>Seed for initialisation, dropout and data order.</summary>
    [JsonPropertyName("seed")]
    public int Seed { get; init; }

    /// <summary>The name the adapter is served under.</summary>
    [JsonPropertyName("adapterName")]
    public required string AdapterName { get; init; }

    /// <summary>Store folder that receives the PEFT adapter (<c>adapter_config.json</c> + <c>adapter_model.safetensors</c>).</summary>
    [JsonPropertyName("adapterPath")]
    public required string AdapterPath { get; init; }

    /// <summary>Store path of the status document (<see cref="TrainingJobStatusDocument"/>).</summary>
    [JsonPropertyName("statusPath")]
    public required string StatusPath { get; init; }

    /// <summary>Which store the paths live in.</summary>
    [JsonPropertyName("store")]
    public TrainingStoreSpec Store { get; init; } = new();

    /// <summary>Store folder for resumable checkpoints (null: no checkpoints). A restarted execution resumes from the latest one.</summary>
    [JsonPropertyName("checkpointPath")]
    public string? CheckpointPath { get; init; }

    /// <summary>Save a checkpoint every this many optimizer steps (0: never).</summary>
    [JsonPropertyName("checkpointEverySteps")]
    public int CheckpointEverySteps { get; init; }

    /// <summary>The training backend the trainer should use: <c>cpu</c> (the engine), <c>torchsharp</c> (CUDA when present, else CPU), <c>torchsharp-cuda</c> or <c>torchsharp-cpu</c>.</summary>
    [JsonPropertyName("backend")]
    public string Backend { get; init; } = "cpu";

    /// <summary>Checks the spec.</summary>
    /// <exception cref="TrainingJobSpecException">A field is missing or out of range.</exception>
    public void Validate()
    {
        if (SchemaVersion != CurrentSchemaVersion)
        {
            throw new TrainingJobSpecException($"Spec schemaVersion {SchemaVersion} is not supported (expected {CurrentSchemaVersion}).");
        }

        Require(JobId, "jobId");
        Require(BaseModelName, "baseModelName");
        Require(BaseModelPath, "baseModelPath");
        Require(TrainingDataPath, "trainingDataPath");
        Require(AdapterName, "adapterName");
        Require(AdapterPath, "adapterPath");
        Require(StatusPath, "statusPath");
        Require(Backend, "backend");
        if (Hyperparameters is null)
        {
            throw new TrainingJobSpecException("Spec field 'hyperparameters' is missing.");
        }

        if (Store is null)
        {
            throw new TrainingJobSpecException("Spec field 'store' is missing.");
        }

        if (CheckpointEverySteps < 0 || (CheckpointEverySteps > 0 && string.IsNullOrWhiteSpace(CheckpointPath)))
        {
            throw new TrainingJobSpecException($"Spec field 'checkpointEverySteps' is {CheckpointEverySteps}: it must be 0, or positive with a 'checkpointPath'.");
        }

        try
        {
            Hyperparameters.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new TrainingJobSpecException($"Spec field 'hyperparameters' is invalid: {ex.Message}", ex);
        }
    }

    private static void Require(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new TrainingJobSpecException($"Spec field '{field}' is missing or empty.");
        }
    }
}
