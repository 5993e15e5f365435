using BetterTogether.Workflow.Optimization;

namespace BetterTogether.Api.Schedules;

/// <summary>A scheduled re-optimization, stored at <c>schedules/{name}.json</c>.</summary>
/// <param name="Name">The schedule's name (letters, digits, '-', '_'; at most 64).</param>
/// <param name="Cron">The 6-field NCRONTAB expression (UTC), e.g. <c>"0 0 3 * * *"</c> for 03:00 daily.</param>
/// <param name="Request">The run each due time starts.</param>
/// <param name="Enabled">False pauses the schedule.</param>
/// <param name="UpdatedAt">When the definition was last written; slots before it are never started.</param>
public sealed record ScheduleDefinition(string Name, string Cron, OptimizationRunRequest Request, bool Enabled, DateTimeOffset UpdatedAt)
{
    /// <summary>The most characters a name may have.</summary>
    public const int MaxNameLength = 64;

    /// <summary>True when <paramref name="name"/> is a valid schedule name.</summary>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxNameLength && char.IsAsciiLetterOrDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>The run instance id of the slot due at <paramref name="due"/>: the same slot always gets the same id, so it starts once.</summary>
    public string InstanceIdFor(DateTimeOffset due) =>
        $"sched-{Name}-{due.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture)}";
}
