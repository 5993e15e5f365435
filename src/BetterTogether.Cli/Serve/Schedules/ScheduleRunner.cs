using BetterTogether.Api.Schedules;
using BetterTogether.Cli.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BetterTogether.Cli.Serve.Schedules;

/// <summary>
/// bt serve's scheduler: ticks the shared <see cref="ScheduleTicker"/> every <see cref="ServeOptions.SchedulerInterval"/>
/// (the Functions app ticks it from a timer trigger instead).
/// </summary>
public sealed partial class ScheduleRunner(ScheduleTicker ticker, OptimizationHost host, ServeOptions options, TimeProvider timeProvider, ILogger<ScheduleRunner> logger) : BackgroundService
{
    /// <summary>Checks every schedule once and starts the runs that are due.</summary>
    /// <returns>The instance ids this tick started.</returns>
    public Task<IReadOnlyList<string>> TickAsync(CancellationToken cancellationToken = default) => ticker.TickAsync(host.Client, cancellationToken);

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
                LogTickFailed(logger, e);
            }

            try
            {
                await Task.Delay(options.SchedulerInterval, timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "The scheduler tick failed")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);
}
