using System.Text.Json;
using Microsoft.DurableTask.Client;

namespace BetterTogether.Cli.Serve;

/// <summary>An instance's status in Durable Functions' HTTP API shape.</summary>
/// <param name="Name">The orchestration name.</param>
/// <param name="InstanceId">The instance (run) id.</param>
/// <param name="RuntimeStatus"><c>Pending</c>, <c>Running</c>, <c>Completed</c>, <c>Failed</c>, <c>Terminated</c> or <c>Suspended</c>.</param>
/// <param name="Input">The run request (null unless asked for).</param>
/// <param name="CustomStatus">The progress: stage, step, totalSteps, bestScore, detail.</param>
/// <param name="Output">The report when completed; the error message when failed.</param>
/// <param name="CreatedTime">When the run was created (UTC).</param>
/// <param name="LastUpdatedTime">When its status last changed (UTC).</param>
public sealed record RunStatusPayload(
    string Name,
    string InstanceId,
    string RuntimeStatus,
    JsonElement? Input,
    JsonElement? CustomStatus,
    JsonElement? Output,
    DateTimeOffset CreatedTime,
    DateTimeOffset LastUpdatedTime)
{
    /// <summary>The origin of runs this host started.</summary>
    public const string ServeOrigin = "serve";

    /// <summary>The origin of runs <c>bt optimize</c> started in the same store.</summary>
    public const string OptimizeCommandOrigin = "bt optimize";

    /// <summary>Who owns the run: <c>serve</c> (this host; it can manage it) or <c>bt optimize</c> (read-only here).</summary>
    public string Origin { get; init; } = ServeOrigin;

    /// <summary>Builds the payload from an instance's metadata.</summary>
    public static RunStatusPayload From(OrchestrationMetadata metadata, bool showInput = true)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var output = metadata.RuntimeStatus == OrchestrationRuntimeStatus.Failed && metadata.FailureDetails is { } failure
            ? JsonSerializer.SerializeToElement(failure.ErrorMessage)
            : Parse(metadata.SerializedOutput);
        return new RunStatusPayload(
            metadata.Name,
            metadata.InstanceId,
            metadata.RuntimeStatus.ToString(),
            showInput ? Parse(metadata.SerializedInput) : null,
            Parse(metadata.SerializedCustomStatus),
            output,
            metadata.CreatedAt.ToUniversalTime(),
            metadata.LastUpdatedAt.ToUniversalTime());
    }

    private static JsonElement? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
