using BetterTogether.Api;
using BetterTogether.Api.Runs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace BetterTogether.Functions.Http;

/// <summary>The run routes of docs/HTTP-API.md as HTTP functions over the shared <see cref="RunApi"/> (the same handlers bt serve maps).</summary>
/// <param name="api">The run handlers.</param>
public sealed class RunFunctions(RunApi api)
{
    /// <summary>POST runs: start a run.</summary>
    [Function("StartRun")]
    public Task<IActionResult> StartAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.Runs)] HttpRequest request, [DurableClient] DurableTaskClient client)
        => ApiResult.From(api.StartAsync(request, client));

    /// <summary>GET runs: list runs.</summary>
    [Function("ListRuns")]
    public Task<IActionResult> ListAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Runs)] HttpRequest request, [DurableClient] DurableTaskClient client)
        => ApiResult.From(api.ListAsync(request, client));

    /// <summary>GET runs/{id}: a run's status.</summary>
    [Function("GetRun")]
    public Task<IActionResult> GetAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Run)] HttpRequest request, [DurableClient] DurableTaskClient client, string id)
        => ApiResult.From(api.GetAsync(request, client, id));

    /// <summary>DELETE runs/{id}: purge a finished run.</summary>
    [Function("PurgeRun")]
    public Task<IActionResult> PurgeAsync([HttpTrigger(AuthorizationLevel.Function, "delete", Route = ApiRoutes.Run)] HttpRequest request, [DurableClient] DurableTaskClient client, string id)
        => ApiResult.From(api.PurgeAsync(request, client, id));

    /// <summary>POST runs/{id}/terminate.</summary>
    [Function("TerminateRun")]
    public Task<IActionResult> TerminateAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.Terminate)] HttpRequest request, [DurableClient] DurableTaskClient client, string id)
        => ApiResult.From(api.TerminateAsync(request, client, id));

    /// <summary>POST runs/{id}/suspend.</summary>
    [Function("SuspendRun")]
    public Task<IActionResult> SuspendAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.Suspend)] HttpRequest request, [DurableClient] DurableTaskClient client, string id)
        => ApiResult.From(api.SuspendAsync(request, client, id));

    /// <summary>POST runs/{id}/resume.</summary>
    [Function("ResumeRun")]
    public Task<IActionResult> ResumeAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.Resume)] HttpRequest request, [DurableClient] DurableTaskClient client, string id)
        => ApiResult.From(api.ResumeAsync(request, client, id));

    /// <summary>POST runs/{id}/raiseEvent/{eventName}.</summary>
    [Function("RaiseRunEvent")]
    public Task<IActionResult> RaiseEventAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.RaiseEvent)] HttpRequest request, [DurableClient] DurableTaskClient client, string id, string eventName)
        => ApiResult.From(api.RaiseEventAsync(request, client, id, eventName));

    /// <summary>GET runs/{id}/artifacts/{path}: a run artifact.</summary>
    [Function("GetRunArtifact")]
    public Task<IActionResult> GetArtifactAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Artifact)] HttpRequest request, string id, string path)
        => ApiResult.From(api.GetArtifactAsync(request, id, path));
}
