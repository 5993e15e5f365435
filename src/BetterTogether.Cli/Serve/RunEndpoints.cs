using System.Text.Json;
using BetterTogether.Cli.Hosting;
using BetterTogether.Storage;
using BetterTogether.Workflow.Optimization;
using DurableTask.Core.Exceptions;
using Microsoft.DurableTask.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BetterTogether.Cli.Serve;

/// <summary>The run endpoints under <c>/api/runs</c>, in Durable Functions' HTTP API shape.</summary>
public static class RunEndpoints
{
    /// <summary>Maps start, status, list, terminate, suspend, resume, raise event, purge and artifact download.</summary>
    public static IEndpointRouteBuilder MapRunEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var runs = endpoints.MapGroup("/api/runs");
        runs.MapPost(string.Empty, StartAsync);
        runs.MapGet(string.Empty, ListAsync);
        runs.MapGet("/{id}", GetAsync);
        runs.MapPost("/{id}/terminate", (string id, string? reason, OptimizationHost host, CancellationToken ct) => ManageAsync(host, id, (c, i) => c.TerminateInstanceAsync(i, new TerminateInstanceOptions { Output = reason }, ct), ct));
        runs.MapPost("/{id}/suspend", (string id, string? reason, OptimizationHost host, CancellationToken ct) => ManageAsync(host, id, (c, i) => c.SuspendInstanceAsync(i, reason, ct), ct));
        runs.MapPost("/{id}/resume", (string id, string? reason, OptimizationHost host, CancellationToken ct) => ManageAsync(host, id, (c, i) => c.ResumeInstanceAsync(i, reason, ct), ct));
        runs.MapPost("/{id}/raiseEvent/{eventName}", RaiseEventAsync);
        runs.MapDelete("/{id}", PurgeAsync);
        runs.MapGet("/{id}/artifacts/{**path}", DownloadAsync);
        return endpoints;
    }

    private static async Task<IResult> StartAsync(HttpRequest request, OptimizationHost host, string? instanceId)
    {
        var (run, error) = await ServeJson.ReadBodyAsync<OptimizationRunRequest>(request, "run request").ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        if (RunRequestValidator.Validate(run!, host.Environment) is { } invalid)
        {
            return invalid;
        }

        string id;
        try
        {
            id = await host.StartRunAsync(run!, string.IsNullOrWhiteSpace(instanceId) ? null : instanceId, request.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (OrchestrationAlreadyExistsException e)
        {
            return ServeJson.Problem(409, "Run exists", e.Message, "instanceId");
        }
        catch (ArgumentException e)
        {
            return ServeJson.Problem(400, "Invalid instance id", e.Message, "instanceId");
        }

        var payload = ManagementPayload.For(ServeJson.BaseUri(request), id);
        request.HttpContext.Response.Headers.Location = payload.StatusQueryGetUri;
        return ServeJson.Json(payload, StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> GetAsync(HttpRequest request, string id, OptimizationHost host, bool? showInput)
    {
        var metadata = await host.Client.GetInstanceAsync(id, true, request.HttpContext.RequestAborted).ConfigureAwait(false);
        if (metadata is null)
        {
            return await new OptimizeCommandRuns(host.Store).GetAsync(id, true, request.HttpContext.RequestAborted).ConfigureAwait(false) is { } cli
                ? ServeJson.Json(RunStatusPayload.From(cli, showInput ?? true) with { Origin = RunStatusPayload.OptimizeCommandOrigin }, InProgress(cli) ? StatusCodes.Status202Accepted : StatusCodes.Status200OK)
                : ServeJson.Problem(404, "Run not found", $"No run has id '{id}'.");
        }

        if (InProgress(metadata))
        {
            request.HttpContext.Response.Headers.Location = ManagementPayload.For(ServeJson.BaseUri(request), id).StatusQueryGetUri;
        }

        return ServeJson.Json(RunStatusPayload.From(metadata, showInput ?? true), InProgress(metadata) ? StatusCodes.Status202Accepted : StatusCodes.Status200OK);
    }

    private static async Task<IResult> ListAsync(OptimizationHost host, string? runtimeStatus, DateTimeOffset? createdTimeFrom, DateTimeOffset? createdTimeTo, string? instanceIdPrefix, bool? showInput, CancellationToken cancellationToken)
    {
        var statuses = new List<OrchestrationRuntimeStatus>();
        foreach (var text in (runtimeStatus ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<OrchestrationRuntimeStatus>(text, true, out var status) || int.TryParse(text, out _))
            {
                return ServeJson.Problem(400, "Invalid filter", $"runtimeStatus '{text}' is not one of {string.Join(", ", Enum.GetNames<OrchestrationRuntimeStatus>())}.", "runtimeStatus");
            }

            statuses.Add(status);
        }

        var query = new OrchestrationQuery { Statuses = statuses, CreatedFrom = createdTimeFrom, CreatedTo = createdTimeTo, InstanceIdPrefix = instanceIdPrefix, FetchInputsAndOutputs = true };
        var result = new List<RunStatusPayload>();
        await foreach (var metadata in host.Client.GetAllInstancesAsync(query).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (string.Equals(metadata.Name, OptimizationActivityNames.Orchestration, StringComparison.Ordinal))
            {
                result.Add(RunStatusPayload.From(metadata, showInput ?? false));
            }
        }

        // Then the runs bt optimize made in this store (read-only here), unless this host has a run of the same id.
        var own = result.Select(r => r.InstanceId).ToHashSet(StringComparer.Ordinal);
        await foreach (var metadata in new OptimizeCommandRuns(host.Store).ListAsync(query, cancellationToken).ConfigureAwait(false))
        {
            if (!own.Contains(metadata.InstanceId))
            {
                result.Add(RunStatusPayload.From(metadata, showInput ?? false) with { Origin = RunStatusPayload.OptimizeCommandOrigin });
            }
        }

        return ServeJson.Json(result);
    }

    private static async Task<IResult> ManageAsync(OptimizationHost host, string id, Func<DurableTaskClient, string, Task> action, CancellationToken cancellationToken)
    {
        var metadata = await host.Client.GetInstanceAsync(id, false, cancellationToken).ConfigureAwait(false);
        if (metadata is null)
        {
            return await NotFoundAsync(host, id, cancellationToken).ConfigureAwait(false);
        }

        if (metadata.IsCompleted)
        {
            return ServeJson.Problem(410, "Run finished", $"Run '{id}' already ended with status {metadata.RuntimeStatus}.");
        }

        await action(host.Client, id).ConfigureAwait(false);
        return Results.Accepted();
    }

    private static async Task<IResult> RaiseEventAsync(HttpRequest request, string id, string eventName, OptimizationHost host)
    {
        JsonElement? payload = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var (body, error) = await ServeJson.ReadBodyAsync<JsonElement>(request, "event payload").ConfigureAwait(false);
            if (error is not null)
            {
                return error;
            }

            payload = body;
        }

        return await ManageAsync(host, id, (c, i) => c.RaiseEventAsync(i, eventName, payload, request.HttpContext.RequestAborted), request.HttpContext.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<IResult> PurgeAsync(string id, OptimizationHost host, CancellationToken cancellationToken)
    {
        var metadata = await host.Client.GetInstanceAsync(id, false, cancellationToken).ConfigureAwait(false);
        if (metadata is null)
        {
            return await NotFoundAsync(host, id, cancellationToken).ConfigureAwait(false);
        }

        if (InProgress(metadata))
        {
            return ServeJson.Problem(409, "Run is running", $"Run '{id}' is {metadata.RuntimeStatus}; terminate it before purging.");
        }

        var purged = await host.Client.PurgeInstanceAsync(id, cancellationToken).ConfigureAwait(false);
        return ServeJson.Json(new { instancesDeleted = purged.PurgedInstanceCount });
    }

    private static async Task<IResult> DownloadAsync(string id, string path, OptimizationHost host, CancellationToken cancellationToken)
    {
        var full = $"{RunArtifacts.Root(id)}/{path}";
        if (!ArtifactPath.IsValid(full))
        {
            return ServeJson.Problem(400, "Invalid artifact path", $"'{path}' is not a valid artifact path (relative, '/'-separated, no '..').", "path");
        }

        try
        {
            var stream = await host.Store.OpenReadAsync(full, cancellationToken).ConfigureAwait(false);
            return Results.Stream(stream, ContentType(path), Path.GetFileName(path));
        }
        catch (ArtifactNotFoundException)
        {
            return ServeJson.Problem(404, "Artifact not found", $"Run '{id}' has no artifact '{path}'.");
        }
    }

    /// <summary>404 for an unknown id; 409 for a run of bt optimize, which this host shows but does not manage.</summary>
    private static async Task<IResult> NotFoundAsync(OptimizationHost host, string id, CancellationToken cancellationToken) =>
        await new OptimizeCommandRuns(host.Store).GetAsync(id, false, cancellationToken).ConfigureAwait(false) is not null
            ? ServeJson.Problem(409, "Run belongs to bt optimize", $"Run '{id}' was started by bt optimize in this store; it is read-only here. Rerun the same bt optimize command to resume it, or delete its folders in the store.")
            : ServeJson.Problem(404, "Run not found", $"No run has id '{id}'.");

    /// <summary>
    /// Pending, running or suspended: answered 202 and not purgeable, as Durable Functions' HTTP API does. Durable's
    /// <c>OrchestrationMetadata.IsRunning</c> is true for <c>Running</c> alone.
    /// </summary>
    private static bool InProgress(OrchestrationMetadata metadata) => !metadata.IsCompleted;

    private static string ContentType(string path) => Path.GetExtension(path).ToUpperInvariant() switch
    {
        ".JSON" => "application/json",
        ".JSONL" => "application/jsonl",
        ".TXT" or ".MD" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
}
