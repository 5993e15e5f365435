using System.Collections.Concurrent;
using BetterTogether.Cli.Hosting;
using DurableTask.Core.Exceptions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BetterTogether.Cli.Serve.Schedules;

/// <summary>
/// Starts scheduled re-optimization runs: every tick, each enabled schedule's latest due slot (after its last
/// update, within <see cref="ServeOptions.MissedSlotWindow"/>) starts a run with the slot's deterministic instance id,
/// so a slot never starts twice, even across restarts, and a slot missed while the server was down runs once on start.
/// </summary>
public sealed class ScheduleRunner : BackgroundService
{
    private readonly ScheduleStore _schedules;
    private readonly OptimizationHost _host;
    private readonly ServeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastDue = new(StringComparer.Ordinal);

    /// <summary>Creates the runner.</summary>
    public ScheduleRunner(ScheduleStore schedules, OptimizationHost host, ServeOptions options, TimeProvider timeProvider, ILogger<ScheduleRunner> logger)
    {
        ArgumentNullException.ThrowIfNull(schedules);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _schedules = schedules;
        _host = host;
        _options = options;
        _time = timeProvider;
        _logger = logger;
    }

    /// <summary>Checks every schedule once and starts the runs that are due.</summary>
    /// <returns>The instance ids of the runs this tick started (a slot started before, by this or an earlier process, is not started again).</returns>
    public async Task<IReadOnlyList<string>> TickAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var started = new List<string>();
        foreach (var definition in await _schedules.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!definition.Enabled)
            {
                continue;
            }

            if (!CronSchedule.TryParse(definition.Cron, out var cron))
            {
                ServeLog.ScheduleSkipped(_logger, definition.Name, $"invalid NCRONTAB expression \"{definition.Cron}\"");
                continue;
            }

            var anchor = Max(definition.UpdatedAt, now - _options.MissedSlotWindow);
            if (_lastDue.TryGetValue(definition.Name, out var last))
            {
                anchor = Max(anchor, last);
            }

            if (cron!.GetLatestOccurrence(anchor, now) is not { } slot)
            {
                continue;
            }

            var instanceId = definition.InstanceIdFor(slot);
            try
            {
                await _host.StartRunAsync(definition.Request, instanceId, cancellationToken).ConfigureAwait(false);
                ServeLog.ScheduledRunStarted(_logger, definition.Name, instanceId, slot);
                started.Add(instanceId);
            }
            catch (OrchestrationAlreadyExistsException)
            {
                // Started before (this process or an earlier one): exactly once per slot.
            }

            _lastDue[definition.Name] = slot;
        }

        return started;
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await TickAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // One failed tick (e.g. the store is briefly unreachable) must not stop the scheduler.
            catch (Exception e)
#pragma warning restore CA1031
            {
                ServeLog.SchedulerTickFailed(_logger, e);
            }

            try
            {
                await Task.Delay(_options.SchedulerInterval, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
}
