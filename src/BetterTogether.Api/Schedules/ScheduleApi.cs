using BetterTogether.Api.Runs;
using BetterTogether.Workflow.Optimization;
using Microsoft.AspNetCore.Http;

namespace BetterTogether.Api.Schedules;

/// <summary>
/// CRUD of scheduled re-optimizations (<c>schedules</c>, <c>schedules/{name}</c>). The runs they start come from the
/// <see cref="ScheduleTicker"/>, which bt serve calls on an interval and the Functions app from its timer trigger.
/// </summary>
/// <param name="schedules">The stored definitions.</param>
/// <param name="environment">The tasks (a schedule's run request is checked like a started run's).</param>
/// <param name="time">The clock of the next-slot view and of <see cref="ScheduleDefinition.UpdatedAt"/>.</param>
public sealed class ScheduleApi(ScheduleStore schedules, IOptimizationEnvironment environment, TimeProvider time)
{
    /// <summary>GET <c>schedules</c>: every readable schedule with its next slot; corrupt ones are named in the <c>x-bt-corrupt-schedules</c> header.</summary>
    public async Task<IResult> ListAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();
        var corrupt = new List<(string Name, string Fault)>();
        var definitions = await schedules.ListAsync(corrupt, request.HttpContext.RequestAborted).ConfigureAwait(false);
        if (corrupt.Count > 0)
        {
            request.HttpContext.Response.Headers["x-bt-corrupt-schedules"] = string.Join(',', corrupt.Select(c => c.Name));
        }

        return ApiJson.Json(definitions.Select(d => ScheduleView.At(d, now)).ToList());
    }

    /// <summary>GET <c>schedules/{name}</c>: 404 when unknown, 409 when its stored definition is corrupt.</summary>
    public async Task<IResult> GetAsync(HttpRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (BadName(name) is { } bad)
        {
            return bad;
        }

        try
        {
            return await schedules.GetAsync(name, request.HttpContext.RequestAborted).ConfigureAwait(false) is { } definition
                ? ApiJson.Json(ScheduleView.At(definition, time.GetUtcNow()))
                : NotFound(name);
        }
        catch (InvalidDataException e)
        {
            return ApiJson.Problem(409, "Schedule is corrupt", $"{e.Message} PUT the schedule again or DELETE it.");
        }
    }

    /// <summary>PUT <c>schedules/{name}</c> with <see cref="ScheduleRequest"/>: creates or replaces it.</summary>
    public async Task<IResult> PutAsync(HttpRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (BadName(name) is { } bad)
        {
            return bad;
        }

        var (body, error) = await ApiJson.ReadBodyAsync<ScheduleRequest>(request, "schedule").ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        try
        {
            if (CronSchedule.Parse(body!.Cron).GetNextOccurrence(time.GetUtcNow()) is null)
            {
                return ApiJson.Problem(400, "Invalid schedule", $"\"{body.Cron}\" has no slot in the next 5 years (e.g. the 31st of February).", "cron");
            }
        }
        catch (CronFormatException e)
        {
            return ApiJson.Problem(400, "Invalid schedule", e.Message, "cron");
        }

        if (body.Request is null)
        {
            return ApiJson.Problem(400, "Invalid schedule", "'request' (the run to start) is required.", "request");
        }

        if (RunRequestValidator.Validate(body.Request, environment) is { } invalid)
        {
            return invalid;
        }

        var definition = new ScheduleDefinition(name, body.Cron, body.Request, body.Enabled, time.GetUtcNow());
        await schedules.PutAsync(definition, request.HttpContext.RequestAborted).ConfigureAwait(false);
        return ApiJson.Json(ScheduleView.At(definition, definition.UpdatedAt));
    }

    /// <summary>DELETE <c>schedules/{name}</c>: 204, or 404 when unknown.</summary>
    public async Task<IResult> DeleteAsync(HttpRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (BadName(name) is { } bad)
        {
            return bad;
        }

        return await schedules.DeleteAsync(name, request.HttpContext.RequestAborted).ConfigureAwait(false) ? Results.NoContent() : NotFound(name);
    }

    private static IResult NotFound(string name) => ApiJson.Problem(404, "Schedule not found", $"No schedule is named '{name}'.");

    private static IResult? BadName(string name) => ScheduleDefinition.IsValidName(name)
        ? null
        : ApiJson.Problem(400, "Invalid schedule name", $"'{new string([.. (name ?? string.Empty).Take(100).Select(c => char.IsControl(c) ? '?' : c)])}' is not a valid schedule name: use 1-{ScheduleDefinition.MaxNameLength} letters, digits, '-' or '_', starting with a letter or digit.", "name");
}
