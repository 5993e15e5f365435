using BetterTogether.Api;
using BetterTogether.Api.Schedules;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace BetterTogether.Functions.Http;

/// <summary>The schedule routes of docs/HTTP-API.md as HTTP functions over the shared <see cref="ScheduleApi"/>.</summary>
/// <param name="api">The schedule handlers.</param>
public sealed class ScheduleFunctions(ScheduleApi api)
{
    /// <summary>GET schedules.</summary>
    [Function("ListSchedules")]
    public Task<IActionResult> ListAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Schedules)] HttpRequest request)
        => ApiResult.From(api.ListAsync(request));

    /// <summary>GET schedules/{name}.</summary>
    [Function("GetSchedule")]
    public Task<IActionResult> GetAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Schedule)] HttpRequest request, string name)
        => ApiResult.From(api.GetAsync(request, name));

    /// <summary>PUT schedules/{name}: create or replace.</summary>
    [Function("PutSchedule")]
    public Task<IActionResult> PutAsync([HttpTrigger(AuthorizationLevel.Function, "put", Route = ApiRoutes.Schedule)] HttpRequest request, string name)
        => ApiResult.From(api.PutAsync(request, name));

    /// <summary>DELETE schedules/{name}.</summary>
    [Function("DeleteSchedule")]
    public Task<IActionResult> DeleteAsync([HttpTrigger(AuthorizationLevel.Function, "delete", Route = ApiRoutes.Schedule)] HttpRequest request, string name)
        => ApiResult.From(api.DeleteAsync(request, name));
}
