using BetterTogether.Cli.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BetterTogether.Cli.Serve.Schedules;

/// <summary>CRUD of scheduled re-optimizations under <c>/api/schedules</c>.</summary>
public static class ScheduleEndpoints
{
    /// <summary>Maps list, get, put (create or replace) and delete.</summary>
    public static IEndpointRouteBuilder MapScheduleEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var schedules = endpoints.MapGroup("/api/schedules");
        schedules.MapGet(string.Empty, async (ScheduleStore store, TimeProvider time, CancellationToken ct) =>
        {
            var now = time.GetUtcNow();
            return ServeJson.Json((await store.ListAsync(ct).ConfigureAwait(false)).Select(d => ScheduleView.At(d, now)).ToList());
        });
        schedules.MapGet("/{name}", async (string name, ScheduleStore store, TimeProvider time, CancellationToken ct) =>
            await store.GetAsync(name, ct).ConfigureAwait(false) is { } definition
                ? ServeJson.Json(ScheduleView.At(definition, time.GetUtcNow()))
                : ServeJson.Problem(404, "Schedule not found", $"No schedule is named '{name}'."));
        schedules.MapPut("/{name}", PutAsync);
        schedules.MapDelete("/{name}", async (string name, ScheduleStore store, CancellationToken ct) =>
            await store.DeleteAsync(name, ct).ConfigureAwait(false) ? Results.NoContent() : ServeJson.Problem(404, "Schedule not found", $"No schedule is named '{name}'."));
        return endpoints;
    }

    private static async Task<IResult> PutAsync(HttpRequest request, string name, ScheduleStore store, OptimizationHost host, TimeProvider time)
    {
        if (!ScheduleDefinition.IsValidName(name))
        {
            return ServeJson.Problem(400, "Invalid schedule name", $"'{name}' is not a valid schedule name: use 1-{ScheduleDefinition.MaxNameLength} letters, digits, '-' or '_', starting with a letter or digit.", "name");
        }

        var (body, error) = await ServeJson.ReadBodyAsync<ScheduleRequest>(request, "schedule").ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        try
        {
            CronSchedule.Parse(body!.Cron);
        }
        catch (CronFormatException e)
        {
            return ServeJson.Problem(400, "Invalid schedule", e.Message, "cron");
        }

        if (body.Request is null)
        {
            return ServeJson.Problem(400, "Invalid schedule", "'request' (the run to start) is required.", "request");
        }

        if (RunRequestValidator.Validate(body.Request, host.Environment) is { } invalid)
        {
            return invalid;
        }

        var definition = new ScheduleDefinition(name, body.Cron, body.Request, body.Enabled, time.GetUtcNow());
        await store.PutAsync(definition, request.HttpContext.RequestAborted).ConfigureAwait(false);
        return ServeJson.Json(ScheduleView.At(definition, definition.UpdatedAt));
    }
}
