using System.Text.Json.Serialization;
using BetterTogether.Core.FineTuning;

namespace BetterTogether.TrainingJobs.Specs;

/// <summary>
/// The status blob a training job writes as it goes (<see cref="TrainingJobSpec.StatusPath"/>). The trainer
/// owns it while it runs; the dispatcher side writes <c>Queued</c> before dispatch and <c>Cancelled</c> or
/// <c>Failed</c> when an execution ends without a final word from the trainer.
/// </summary>
public sealed record TrainingJobStatusDocument
{
    /// <summary>The job id.</summary>
    [JsonPropertyName("jobId")]
    public required string JobId { get; init; }

    /// <summary>Lifecycle state.</summary>
    [JsonPropertyName("state")]
    public FineTuneJobState State { get; init; } = FineTuneJobState.Queued;

    /// <summary>Optimizer steps done.</summary>
    [JsonPropertyName("step")]
    public int Step { get; init; }

    /// <summary>Optimizer steps planned (0 until known).</summary>
    [JsonPropertyName("totalSteps")]
    public int TotalSteps { get; init; }

    /// <summary>Loss of the last step.</summary>
    [JsonPropertyName("loss")]
    public double? Loss { get; init; }

    /// <summary>Throughput of the last step.</summary>
    [JsonPropertyName("tokensPerSecond")]
    public double? TokensPerSecond { get; init; }

    /// <summary>Why the job failed.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }

    /// <summary>Store folder of the uploaded adapter, set with <see cref="FineTuneJobState.Succeeded"/>.</summary>
    [JsonPropertyName("adapterPath")]
    public string? AdapterPath { get; init; }

    /// <summary>The name the adapter is served under.</summary>
    [JsonPropertyName("adapterName")]
    public string? AdapterName { get; init; }

    /// <summary>The dispatcher's execution name (process or Container Apps job execution), when known.</summary>
    [JsonPropertyName("executionName")]
    public string? ExecutionName { get; init; }

    /// <summary>When the job was accepted.</summary>
    [JsonPropertyName("createdAt")]
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When training started.</summary>
    [JsonPropertyName("startedAt")]
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the document was last written.</summary>
    [JsonPropertyName("updatedAt")]
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>When the job reached a terminal state.</summary>
    [JsonPropertyName("completedAt")]
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>True once the job can no longer change.</summary>
    [JsonIgnore]
    public bool IsTerminal => State is FineTuneJobState.Succeeded or FineTuneJobState.Failed or FineTuneJobState.Cancelled;

    /// <summary>The progress as Core's type, when a step has been reported.</summary>
    /// <returns>The progress or null.</returns>
    public FineTuneProgress? ToProgress() =>
        TotalSteps > 0 ? new FineTuneProgress(Step, TotalSteps, Loss ?? double.NaN, TokensPerSecond ?? 0) : null;
}
