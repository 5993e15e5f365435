using BetterTogether.Api.Runs;
using BetterTogether.Api.Schedules;
using BetterTogether.Workflow.Optimization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace BetterTogether.Api;

/// <summary>Registers the API's handlers and maps them as ASP.NET Core endpoints (bt serve; the Functions app has one trigger function per route instead).</summary>
public static class ApiServices
{
    /// <summary>
    /// Adds <see cref="RunApi"/>, <see cref="ScheduleApi"/>, <see cref="ScheduleStore"/> and <see cref="ScheduleTicker"/>.
    /// They need an <see cref="IOptimizationEnvironment"/> and may use an <see cref="IReadOnlyRunSource"/> and a
    /// <see cref="TimeProvider"/> (the system clock when none) from the same container.
    /// </summary>
    public static IServiceCollection AddBetterTogetherApi(this IServiceCollection services, TimeSpan? missedSlotWindow = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new ScheduleStore(sp.GetRequiredService<IOptimizationEnvironment>().Store));
        services.TryAddSingleton(sp => new RunApi(sp.GetRequiredService<IOptimizationEnvironment>(), sp.GetService<IReadOnlyRunSource>()));
        services.TryAddSingleton(sp => new ScheduleApi(sp.GetRequiredService<ScheduleStore>(), sp.GetRequiredService<IOptimizationEnvironment>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new ScheduleTicker(sp.GetRequiredService<ScheduleStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ScheduleTicker>>(), missedSlotWindow));
        return services;
    }

    /// <summary>Maps every route of <see cref="ApiRoutes"/> under <c>/api/</c>.</summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="client">The Durable client of a request (bt serve: its runtime's).</param>
    public static IEndpointRouteBuilder MapBetterTogetherApi(this IEndpointRouteBuilder endpoints, Func<HttpContext, DurableTaskClient> client)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(client);
        var api = endpoints.MapGroup("/" + ApiRoutes.Prefix);
        api.MapPost(ApiRoutes.Runs, (HttpRequest r, [FromServices] RunApi runs) => runs.StartAsync(r, client(r.HttpContext)));
        api.MapGet(ApiRoutes.Runs, (HttpRequest r, [FromServices] RunApi runs) => runs.ListAsync(r, client(r.HttpContext)));
        api.MapGet(ApiRoutes.Run, (HttpRequest r, string id, [FromServices] RunApi runs) => runs.GetAsync(r, client(r.HttpContext), id));
        api.MapDelete(ApiRoutes.Run, (HttpRequest r, string id, [FromServices] RunApi runs) => runs.PurgeAsync(r, client(r.HttpContext), id));
        api.MapPost(ApiRoutes.Terminate, (HttpRequest r, string id, [FromServices] RunApi runs) => runs.TerminateAsync(r, client(r.HttpContext), id));
        api.MapPost(ApiRoutes.Suspend, (HttpRequest r, string id, [FromServices] RunApi runs) => runs.SuspendAsync(r, client(r.HttpContext), id));
        api.MapPost(ApiRoutes.Resume, (HttpRequest r, string id, [FromServices] RunApi runs) => runs.ResumeAsync(r, client(r.HttpContext), id));
        api.MapPost(ApiRoutes.RaiseEvent, (HttpRequest r, string id, string eventName, [FromServices] RunApi runs) => runs.RaiseEventAsync(r, client(r.HttpContext), id, eventName));
        api.MapGet(ApiRoutes.Artifact, (HttpRequest r, string id, string path, [FromServices] RunApi runs) => runs.GetArtifactAsync(r, id, path));
        api.MapGet(ApiRoutes.Schedules, (HttpRequest r, [FromServices] ScheduleApi schedules) => schedules.ListAsync(r));
        api.MapGet(ApiRoutes.Schedule, (HttpRequest r, string name, [FromServices] ScheduleApi schedules) => schedules.GetAsync(r, name));
        api.MapPut(ApiRoutes.Schedule, (HttpRequest r, string name, [FromServices] ScheduleApi schedules) => schedules.PutAsync(r, name));
        api.MapDelete(ApiRoutes.Schedule, (HttpRequest r, string name, [FromServices] ScheduleApi schedules) => schedules.DeleteAsync(r, name));
        return endpoints;
    }
}
