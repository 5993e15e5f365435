using System.Net;
using System.Text.Json;
using BetterTogether.Functions.Binding;
using WorkflowRegistry = BetterTogether.Workflow.Orchestration.WorkflowRegistry;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace BetterTogether.Functions.Http;

/// <summary>
/// Start, status, terminate and purge over HTTP, in Durable Functions' management shape:
/// <c>POST /api/orchestrators/{name}[?instanceId=]</c> (body: the orchestration input) answers 202 with the
/// check-status payload; <c>GET /api/runs/{instanceId}</c>; <c>POST /api/runs/{instanceId}/terminate[?reason=]</c>;
/// <c>DELETE /api/runs/{instanceId}</c>. Bad input answers 400 with problem details.
/// </summary>
/// <param name="registry">Known orchestrators (to reject unknown names before starting anything).</param>
public sealed class RunHttpFunctions(WorkflowRegistry registry)
{
    /// <summary>Starts a run of orchestrator <paramref name="name"/>.</summary>
    /// <param name="request">The request; its body is the JSON input (may be empty).</param>
    /// <param name="name">The orchestrator name.</param>
    /// <param name="client">The Durable client.</param>
    /// <returns>202 with <c>Location</c> and the management URLs.</returns>
    [Function("StartRun")]
    public async Task<HttpResponseData> StartAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "orchestrators/{name}")] HttpRequestData request,
        string name,
        [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        if (!registry.OrchestratorNames.Contains(name))
        {
            return await ProblemAsync(request, HttpStatusCode.BadRequest, "Unknown orchestrator", $"No orchestrator named '{name}'. Known: {string.Join(", ", registry.OrchestratorNames)}.").ConfigureAwait(false);
        }

        JsonElement? input;
        var body = await request.ReadAsStringAsync().ConfigureAwait(false);
        try
        {
            input = Parse(body);
        }
        catch (JsonException ex)
        {
            return await ProblemAsync(request, HttpStatusCode.BadRequest, "Invalid input", $"The body is not valid JSON: {ex.Message}").ConfigureAwait(false);
        }

        var instanceId = request.Query["instanceId"];
        var options = string.IsNullOrWhiteSpace(instanceId) ? null : new StartOrchestrationOptions(instanceId);
        var id = await client.ScheduleNewOrchestrationInstanceAsync(FunctionNames.Orchestrator, new OrchestrationEnvelope(name, input), options, request.FunctionContext.CancellationToken).ConfigureAwait(false);
        return await client.CreateCheckStatusResponseAsync(request, id, request.FunctionContext.CancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a run's status (Durable's status fields; input, output and custom status as JSON).</summary>
    /// <param name="request">The request.</param>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="client">The Durable client.</param>
    /// <returns>200 with the status, or 404.</returns>
    [Function("GetRun")]
    public async Task<HttpResponseData> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "runs/{instanceId}")] HttpRequestData request,
        string instanceId,
        [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, request.FunctionContext.CancellationToken).ConfigureAwait(false);
        if (metadata is null)
        {
            return await ProblemAsync(request, HttpStatusCode.NotFound, "Not found", $"No run '{instanceId}'.").ConfigureAwait(false);
        }

        var response = request.CreateResponse(HttpStatusCode.OK);
        await response.WriteAsJsonAsync(new
        {
            name = metadata.Name,
            instanceId = metadata.InstanceId,
            runtimeStatus = metadata.RuntimeStatus.ToString(),
            createdTime = metadata.CreatedAt,
            lastUpdatedTime = metadata.LastUpdatedAt,
            input = Parse(metadata.SerializedInput),
            output = Parse(metadata.SerializedOutput),
            customStatus = Parse(metadata.SerializedCustomStatus),
            failure = metadata.FailureDetails is { } f ? new { f.ErrorType, f.ErrorMessage } : null,
        }, request.FunctionContext.CancellationToken).ConfigureAwait(false);
        return response;
    }

    /// <summary>Terminates a run.</summary>
    /// <param name="request">The request (<c>?reason=</c> optional).</param>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="client">The Durable client.</param>
    /// <returns>202, or 404.</returns>
    [Function("TerminateRun")]
    public async Task<HttpResponseData> TerminateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "runs/{instanceId}/terminate")] HttpRequestData request,
        string instanceId,
        [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        if (await client.GetInstanceAsync(instanceId, request.FunctionContext.CancellationToken).ConfigureAwait(false) is null)
        {
            return await ProblemAsync(request, HttpStatusCode.NotFound, "Not found", $"No run '{instanceId}'.").ConfigureAwait(false);
        }

        await client.TerminateInstanceAsync(instanceId, request.Query["reason"] ?? "terminated over HTTP", request.FunctionContext.CancellationToken).ConfigureAwait(false);
        return request.CreateResponse(HttpStatusCode.Accepted);
    }

    /// <summary>Purges a finished run's history.</summary>
    /// <param name="request">The request.</param>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="client">The Durable client.</param>
    /// <returns>200 with the purged count, or 404.</returns>
    [Function("PurgeRun")]
    public async Task<HttpResponseData> PurgeAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "runs/{instanceId}")] HttpRequestData request,
        string instanceId,
        [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var result = await client.PurgeInstanceAsync(instanceId, request.FunctionContext.CancellationToken).ConfigureAwait(false);
        if (result.PurgedInstanceCount == 0)
        {
            return await ProblemAsync(request, HttpStatusCode.NotFound, "Not found", $"No finished run '{instanceId}' to purge.").ConfigureAwait(false);
        }

        var response = request.CreateResponse(HttpStatusCode.OK);
        await response.WriteAsJsonAsync(new { instancesDeleted = result.PurgedInstanceCount }, request.FunctionContext.CancellationToken).ConfigureAwait(false);
        return response;
    }

    private static JsonElement? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static async Task<HttpResponseData> ProblemAsync(HttpRequestData request, HttpStatusCode status, string title, string detail)
    {
        var response = request.CreateResponse();
        await response.WriteAsJsonAsync(new { type = "about:blank", title, status = (int)status, detail }, "application/problem+json", request.FunctionContext.CancellationToken).ConfigureAwait(false);

        // WriteAsJsonAsync sets 200; the status goes on afterwards.
        response.StatusCode = status;
        return response;
    }
}
