using System.Text.Json.Serialization;

namespace BetterTogether.TrainingJobs.FineTuning;

/// <summary>Which execution runs a job (<c>dispatch.json</c>); written create-only, so one execution owns a job.</summary>
/// <param name="JobId">The job id.</param>
/// <param name="ExecutionName">The dispatcher's execution name.</param>
/// <param name="Dispatcher">The dispatcher kind.</param>
/// <param name="DispatchedAt">When the execution was started.</param>
public sealed record TrainingJobDispatchRecord(
    [property: JsonPropertyName("jobId")] string JobId,
    [property: JsonPropertyName("executionName")] string ExecutionName,
    [property: JsonPropertyName("dispatcher")] string Dispatcher,
    [property: JsonPropertyName("dispatchedAt")] DateTimeOffset DispatchedAt);
