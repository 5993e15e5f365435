using System.Text.Json;
using BetterTogether.Storage;
using BetterTogether.Workflow.Hosting;
using BetterTogether.Workflow.Optimization;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace BetterTogether.Api.Runs;

/// <summary>
/// The run endpoints in Durable Functions' HTTP API shape: start, status, list, terminate, suspend, resume, raise
/// event, purge and artifact download. Each handler takes the request and the host's <see cref="DurableTaskClient"/>
/// (bt serve: its runtime's client; Functions: the <c>[DurableClient]</c> binding) and returns the answer; every bad
/// request gets a 4xx with problem details.
/// </summary>
/// <param name="environment">The store and the tasks (a run request's task is checked before it starts).</param>
/// <param name="readOnlyRuns">Runs shown but not managed here (bt serve: <c>bt optimize</c>'s); none when null.</param>
public sealed class RunApi(IOptimizationEnvironment environment, IReadOnlyRunSource? readOnlyRuns = null)
{
    /// <summary>The longest event name accepted.</summary>
    public const int MaxEventNameLength = 100;

    private IArtifactStore Store => environment.Store;

    /// <summary>POST <c>runs[?instanceId=]</c>: 202 with the management URIs; 409 when the id is taken.</summary>
    public async Task<IResult> StartAsync(HttpRequest request, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        string? instanceId = request.Query["instanceId"].FirstOrDefault() is { Length: > 0 } given ? given : null;
        if (instanceId is not null && RunIdRules.Check(instanceId) is { } badId)
        {
            return ApiJson.Problem(400, "Invalid instance id", badId, "instanceId");
        }

        var (run, error) = await ApiJson.ReadBodyAsync<OptimizationRunRequest>(request, "run request").ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        if (RunRequestValidator.Validate(run!, environment) is { } invalid)
        {
            return invalid;
        }

        var ct = request.HttpContext.RequestAborted;
        if (instanceId is not null && await IsTakenAsync(client, instanceId, ct).ConfigureAwait(false))
        {
            return ApiJson.Problem(409, "Run exists", $"A run with id '{instanceId}' exists; pick another id or purge that run first.", "instanceId");
        }

        string id;
        try
        {
            id = await OptimizationRuns.StartAsync(client, run!, instanceId, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (instanceId is not null && e is not OperationCanceledException)
        {
            if (!await IsTakenAsync(client, instanceId, ct).ConfigureAwait(false))
            {
                throw;
            }

            // Another request took the id between the check and the start.
            return ApiJson.Problem(409, "Run exists", $"A run with id '{instanceId}' exists; pick another id or purge that run first.", "instanceId");
        }

        var payload = ManagementPayload.For(ApiJson.BaseUri(request), id);
        request.HttpContext.Response.Headers.Location = payload.StatusQueryGetUri;
        return ApiJson.Json(payload, StatusCodes.Status202Accepted);
    }

    /// <summary>GET <c>runs/{id}[?showInput=]</c>: 202 while in progress, 200 when finished, 404 when unknown.</summary>
    public async Task<IResult> GetAsync(HttpRequest request, DurableTaskClient client, string id)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        if (BadId(id) is { } bad)
        {
            return bad;
        }

        if (ReadBool(request, "showInput", true) is not { } showInput)
        {
            return BadBool("showInput");
        }

        var ct = request.HttpContext.RequestAborted;
        var metadata = await client.GetInstanceAsync(id, true, ct).ConfigureAwait(false);
        if (metadata is null)
        {
            return readOnlyRuns is not null && await readOnlyRuns.GetAsync(id, true, ct).ConfigureAwait(false) is { } other
                ? ApiJson.Json(RunStatusPayload.From(other, showInput) with { Origin = readOnlyRuns.Origin }, InProgress(other) ? StatusCodes.Status202Accepted : StatusCodes.Status200OK)
                : NotFound(id);
        }

        if (InProgress(metadata))
        {
            request.HttpContext.Response.Headers.Location = ManagementPayload.For(ApiJson.BaseUri(request), id).StatusQueryGetUri;
        }

        return ApiJson.Json(RunStatusPayload.From(metadata, showInput), InProgress(metadata) ? StatusCodes.Status202Accepted : StatusCodes.Status200OK);
    }

    /// <summary>GET <c>runs[?runtimeStatus=a,b&amp;createdTimeFrom=&amp;createdTimeTo=&amp;instanceIdPrefix=&amp;showInput=]</c>.</summary>
    public async Task<IResult> ListAsync(HttpRequest request, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var statuses = new List<OrchestrationRuntimeStatus>();
        foreach (var text in request.Query["runtimeStatus"].SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!Enum.TryParse<OrchestrationRuntimeStatus>(text, true, out var status) || int.TryParse(text, out _))
            {
                return ApiJson.Problem(400, "Invalid filter", $"runtimeStatus '{text}' is not one of {string.Join(", ", Enum.GetNames<OrchestrationRuntimeStatus>())}.", "runtimeStatus");
            }

            statuses.Add(status);
        }

        if (ReadTime(request, "createdTimeFrom", out var from) is { } badFrom)
        {
            return badFrom;
        }

        if (ReadTime(request, "createdTimeTo", out var to) is { } badTo)
        {
            return badTo;
        }

        if (ReadBool(request, "showInput", false) is not { } showInput)
        {
            return BadBool("showInput");
        }

        var prefix = request.Query["instanceIdPrefix"].FirstOrDefault();
        if (prefix is { Length: > RunIdRules.MaxLength })
        {
            return ApiJson.Problem(400, "Invalid filter", $"instanceIdPrefix has more than {RunIdRules.MaxLength} characters.", "instanceIdPrefix");
        }

        var query = new OrchestrationQuery { Statuses = statuses, CreatedFrom = from, CreatedTo = to, InstanceIdPrefix = prefix, FetchInputsAndOutputs = true };
        var ct = request.HttpContext.RequestAborted;
        var result = new List<RunStatusPayload>();
        await foreach (var metadata in client.GetAllInstancesAsync(query).WithCancellation(ct).ConfigureAwait(false))
        {
            if (string.Equals(metadata.Name, OptimizationActivityNames.Orchestration, StringComparison.Ordinal))
            {
                result.Add(RunStatusPayload.From(metadata, showInput));
            }
        }

        if (readOnlyRuns is not null)
        {
            // Then the read-only runs, unless this host has a run of the same id.
            var own = result.Select(r => r.InstanceId).ToHashSet(StringComparer.Ordinal);
            await foreach (var metadata in readOnlyRuns.ListAsync(query, ct).ConfigureAwait(false))
            {
                if (!own.Contains(metadata.InstanceId))
                {
                    result.Add(RunStatusPayload.From(metadata, showInput) with { Origin = readOnlyRuns.Origin });
                }
            }
        }

        return ApiJson.Json(result);
    }

    /// <summary>POST <c>runs/{id}/terminate[?reason=]</c>: 202; 410 when the run has ended.</summary>
    public Task<IResult> TerminateAsync(HttpRequest request, DurableTaskClient client, string id) =>
        ManageAsync(request, client, id, (c, i, reason, ct) => c.TerminateInstanceAsync(i, new TerminateInstanceOptions { Output = reason }, ct));

    /// <summary>POST <c>runs/{id}/suspend[?reason=]</c>: 202; 410 when the run has ended.</summary>
    public Task<IResult> SuspendAsync(HttpRequest request, DurableTaskClient client, string id) =>
        ManageAsync(request, client, id, (c, i, reason, ct) => c.SuspendInstanceAsync(i, reason, ct));

    /// <summary>POST <c>runs/{id}/resume[?reason=]</c>: 202; 410 when the run has ended.</summary>
    public Task<IResult> ResumeAsync(HttpRequest request, DurableTaskClient client, string id) =>
        ManageAsync(request, client, id, (c, i, reason, ct) => c.ResumeInstanceAsync(i, reason, ct));

    /// <summary>POST <c>runs/{id}/raiseEvent/{eventName}</c> with an optional JSON payload: 202; 410 when the run has ended.</summary>
    public async Task<IResult> RaiseEventAsync(HttpRequest request, DurableTaskClient client, string id, string eventName)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(eventName) || eventName.Length > MaxEventNameLength || eventName.Any(char.IsControl))
        {
            return ApiJson.Problem(400, "Invalid event name", $"An event name has 1-{MaxEventNameLength} characters and no control characters.", "eventName");
        }

        JsonElement? payload = null;
        if (ApiJson.HasBody(request))
        {
            var (body, error) = await ApiJson.ReadBodyAsync<JsonElement>(request, "event payload").ConfigureAwait(false);
            if (error is not null)
            {
                return error;
            }

            payload = body;
        }

        return await ManageAsync(request, client, id, (c, i, _, ct) => c.RaiseEventAsync(i, eventName, payload, ct)).ConfigureAwait(false);
    }

    /// <summary>DELETE <c>runs/{id}</c>: purges a finished run's status and history; 409 while it is in progress.</summary>
    public async Task<IResult> PurgeAsync(HttpRequest request, DurableTaskClient client, string id)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        if (BadId(id) is { } bad)
        {
            return bad;
        }

        var ct = request.HttpContext.RequestAborted;
        var metadata = await client.GetInstanceAsync(id, false, ct).ConfigureAwait(false);
        if (metadata is null)
        {
            return await NotManagedAsync(id, ct).ConfigureAwait(false);
        }

        if (InProgress(metadata))
        {
            return ApiJson.Problem(409, "Run is running", $"Run '{id}' is {metadata.RuntimeStatus}; terminate it before purging.");
        }

        var purged = await client.PurgeInstanceAsync(id, cancellation: ct).ConfigureAwait(false);
        return ApiJson.Json(new { instancesDeleted = purged.PurgedInstanceCount });
    }

    /// <summary>GET <c>runs/{id}/artifacts/{path}</c>: a file of the run's published artifacts.</summary>
    public async Task<IResult> GetArtifactAsync(HttpRequest request, string id, string path)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (BadId(id) is { } bad)
        {
            return bad;
        }

        if (ArtifactPathRules.Check(path) is { } problem)
        {
            return ApiJson.Problem(400, "Invalid artifact path", problem, "path");
        }

        try
        {
            var stream = await Store.OpenReadAsync($"{RunArtifacts.Root(id)}/{path}", request.HttpContext.RequestAborted).ConfigureAwait(false);
            return Results.Stream(stream, ContentType(path), Path.GetFileName(path));
        }
        catch (ArtifactNotFoundException)
        {
            return ApiJson.Problem(404, "Artifact not found", $"Run '{id}' has no artifact '{path}'.");
        }
        catch (InvalidArtifactPathException e)
        {
            // A rule of this store beyond the common ones.
            return ApiJson.Problem(400, "Invalid artifact path", e.Message, "path");
        }
    }

    /// <summary>
    /// Pending, running or suspended: answered 202 and not purgeable, as Durable Functions' HTTP API does. Durable's
    /// <c>OrchestrationMetadata.IsRunning</c> is true for <c>Running</c> alone.
    /// </summary>
    private static bool InProgress(OrchestrationMetadata metadata) => !metadata.IsCompleted;

    private async Task<IResult> ManageAsync(HttpRequest request, DurableTaskClient client, string id, Func<DurableTaskClient, string, string?, CancellationToken, Task> action)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        if (BadId(id) is { } bad)
        {
            return bad;
        }

        var ct = request.HttpContext.RequestAborted;
        var metadata = await client.GetInstanceAsync(id, false, ct).ConfigureAwait(false);
        if (metadata is null)
        {
            return await NotManagedAsync(id, ct).ConfigureAwait(false);
        }

        if (metadata.IsCompleted)
        {
            return ApiJson.Problem(410, "Run finished", $"Run '{id}' already ended with status {metadata.RuntimeStatus}.");
        }

        await action(client, id, request.Query["reason"].FirstOrDefault(), ct).ConfigureAwait(false);
        return Results.Accepted();
    }

    /// <summary>404 for an unknown id; 409 for a read-only run, which this host shows but does not manage.</summary>
    private async Task<IResult> NotManagedAsync(string id, CancellationToken cancellationToken) =>
        readOnlyRuns is not null && await readOnlyRuns.GetAsync(id, false, cancellationToken).ConfigureAwait(false) is not null
            ? ApiJson.Problem(409, $"Run belongs to {readOnlyRuns.Origin}", $"Run '{id}' was started by {readOnlyRuns.Origin}; it is read-only here. {readOnlyRuns.ManageHint}")
            : NotFound(id);

    private static IResult NotFound(string id) => ApiJson.Problem(404, "Run not found", $"No run has id '{id}'.");

    private static IResult? BadId(string id) => RunIdRules.Check(id) is { } problem ? ApiJson.Problem(400, "Invalid instance id", problem, "id") : null;

    private static async Task<bool> IsTakenAsync(DurableTaskClient client, string id, CancellationToken ct) =>
        await OptimizationRuns.IsTakenAsync(client, id, ct).ConfigureAwait(false);

    private static bool? ReadBool(HttpRequest request, string name, bool fallback)
    {
        var text = request.Query[name].FirstOrDefault();
        return string.IsNullOrEmpty(text) ? fallback : bool.TryParse(text, out var value) ? value : null;
    }

    private static IResult BadBool(string name) => ApiJson.Problem(400, "Invalid query", $"'{name}' is 'true' or 'false'.", name);

    private static IResult? ReadTime(HttpRequest request, string name, out DateTimeOffset? value)
    {
        value = null;
        var text = request.Query[name].FirstOrDefault();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return ApiJson.Problem(400, "Invalid filter", $"{name} '{text}' is not a date and time (ISO 8601, e.g. 2026-12-08T00:00:00Z).", name);
        }

        value = parsed;
        return null;
    }

    private static string ContentType(string path) => Path.GetExtension(path).ToUpperInvariant() switch
    {
        ".JSON" => "application/json",
        ".JSONL" => "application/jsonl",
        ".HTML" => "text/html; charset=utf-8",
        ".TXT" or ".MD" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
}
