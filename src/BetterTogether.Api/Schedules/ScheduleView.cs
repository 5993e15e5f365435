namespace BetterTogether.Api.Schedules;

/// <summary>A schedule as the API shows it: the definition and its next due slot.</summary>
/// <param name="Definition">The stored definition.</param>
/// <param name="NextOccurrence">The next due slot (UTC), or null when disabled or none within 5 years.</param>
/// <param name="NextInstanceId">The run id that slot will get.</param>
public sealed record ScheduleView(ScheduleDefinition Definition, DateTimeOffset? NextOccurrence, string? NextInstanceId)
{
    /// <summary>Builds the view at <paramref name="now"/>.</summary>
    public static ScheduleView At(ScheduleDefinition definition, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var next = definition.Enabled && CronSchedule.TryParse(definition.Cron, out var cron) ? cron!.GetNextOccurrence(now) : null;
        return new ScheduleView(definition, next, next is { } due ? definition.InstanceIdFor(due) : null);
    }
}
