using System.Collections.Concurrent;
using BetterTogether.Workflow.Hosting;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace BetterTogether.Api.Schedules;

/// <summary>
/// Starts scheduled re-optimization runs. Each tick, each enabled schedule's latest due slot (after its last update,
/// within <see cref="MissedSlotWindow"/>) starts a run whose instance id is the slot's (<see cref="ScheduleDefinition.InstanceIdFor"/>):
/// a slot starts once, however many ticks, retries, restarts or scaled-out instances see it. bt serve ticks on an
/// interval; the Functions app ticks from its timer trigger.
/// </summary>
public sealed partial class ScheduleTicker
{
    private readonly ScheduleStore _schedules;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastDue = new(StringComparer.Ordinal);

    /// <summary>Creates the ticker.</summary>
    /// <param name="schedules">The stored definitions.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">Logs starts and skipped schedules.</param>
    /// <param name="missedSlotWindow">How far back a slot missed while no host ran is still started (once); 31 days when null.</param>
    public ScheduleTicker(ScheduleStore schedules, TimeProvider time, ILogger<ScheduleTicker> logger, TimeSpan? missedSlotWindow = null)
    {
        ArgumentNullException.ThrowIfNull(schedules);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _schedules = schedules;
        _time = time;
        _logger = logger;
        MissedSlotWindow = missedSlotWindow ?? TimeSpan.FromDays(31);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MissedSlotWindow, TimeSpan.Zero, nameof(missedSlotWindow));
    }

    /// <summary>How far back a missed slot is still started.</summary>
    public TimeSpan MissedSlotWindow { get; }

    /// <summary>Checks every schedule once and starts the runs that are due.</summary>
    /// <param name="client">The Durable client that starts runs.</param>
    /// <param name="cancellationToken">Cancels the tick.</param>
    /// <returns>The instance ids this tick started (a slot started before, by any host, is not started again).</returns>
    public async Task<IReadOnlyList<string>> TickAsync(DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var now = _time.GetUtcNow();
        var started = new List<string>();
        var corrupt = new List<(string Name, string Fault)>();
        foreach (var definition in await _schedules.ListAsync(corrupt, cancellationToken).ConfigureAwait(false))
        {
            if (!definition.Enabled)
            {
                continue;
            }

            if (!CronSchedule.TryParse(definition.Cron, out var cron))
            {
                LogSkipped(_logger, definition.Name, $"invalid NCRONTAB expression \"{definition.Cron}\"");
                continue;
            }

            var anchor = Max(definition.UpdatedAt, now - MissedSlotWindow);
            if (_lastDue.TryGetValue(definition.Name, out var last))
            {
                anchor = Max(anchor, last);
            }

            if (cron!.GetLatestOccurrence(anchor, now) is not { } slot)
            {
                continue;
            }

            var instanceId = definition.InstanceIdFor(slot);
            if (!await OptimizationRuns.IsTakenAsync(client, instanceId, cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await OptimizationRuns.StartAsync(client, definition.Request, instanceId, cancellationToken).ConfigureAwait(false);
                    LogStarted(_logger, definition.Name, instanceId, slot);
                    started.Add(instanceId);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    if (!await OptimizationRuns.IsTakenAsync(client, instanceId, cancellationToken).ConfigureAwait(false))
                    {
                        throw;
                    }

                    // Another host or tick started this slot between the check and the start: exactly once per slot.
                }
            }

            _lastDue[definition.Name] = slot;
        }

        foreach (var (name, fault) in corrupt)
        {
            LogSkipped(_logger, name, fault);
        }

        return started;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Schedule {Schedule} started run {InstanceId} for the slot due at {Due:o}")]
    private static partial void LogStarted(ILogger logger, string schedule, string instanceId, DateTimeOffset due);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Schedule {Schedule} is skipped: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string schedule, string reason);
}
