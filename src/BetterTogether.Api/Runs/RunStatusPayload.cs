using System.Text.Json;
using Microsoft.DurableTask.Client;

namespace BetterTogether.Api.Runs;

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
    public const string HostOrigin = "serve";

    /// <summary>Who owns the run: <c>serve</c> (this host; it can manage it) or a <see cref="IReadOnlyRunSource.Origin"/> (read-only here).</summary>
    public string Origin { get; init; } = HostOrigin;

    /// <summary>Parts of the stored record that are not valid JSON (shown as null above); absent when none.</summary>
    public IReadOnlyList<string>? CorruptFields { get; init; }

    /// <summary>Builds the payload from an instance's metadata; a stored field that is not valid JSON is shown as null and named in <see cref="CorruptFields"/>.</summary>
    public static RunStatusPayload From(OrchestrationMetadata metadata, bool showInput = true)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var corrupt = new List<string>();
        var output = metadata.RuntimeStatus == OrchestrationRuntimeStatus.Failed && metadata.FailureDetails is { } failure
            ? JsonSerializer.SerializeToElement(failure.ErrorMessage)
            : Parse(metadata.SerializedOutput, "output", corrupt);
        return new RunStatusPayload(
            metadata.Name,
            metadata.InstanceId,
            metadata.RuntimeStatus.ToString(),
            showInput ? Parse(metadata.SerializedInput, "input", corrupt) : null,
            Parse(metadata.SerializedCustomStatus, "customStatus", corrupt),
            output,
            metadata.CreatedAt.ToUniversalTime(),
            metadata.LastUpdatedAt.ToUniversalTime())
        {
            CorruptFields = corrupt.Count == 0 ? null : corrupt,
        };
    }

    private static JsonElement? Parse(string? json, string field, List<string> corrupt)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            corrupt.Add(field);
            return null;
        }
    }
}
