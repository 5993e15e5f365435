using BetterTogether.Api.Schedules;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace BetterTogether.Functions.Scheduling;

/// <summary>
/// Scheduled re-optimization: on the NCRONTAB schedule of <see cref="AppSettings.ScheduleTick"/>, ticks the shared
/// <see cref="ScheduleTicker"/>, which starts each stored schedule's due slot under the slot's own instance id. A slot
/// therefore starts once however often it is seen: a retried or past-due timer, a second instance after scale-out
/// (the timer is a singleton, but a lease can move), or bt serve ticking over the same store and task hub.
/// </summary>
/// <param name="ticker">The shared ticker.</param>
public sealed class ScheduleTickFunction(ScheduleTicker ticker)
{
    /// <summary>The function name.</summary>
    public const string Name = "ScheduleTick";

    /// <summary>Starts the due scheduled runs.</summary>
    /// <param name="timer">The timer (past-due ticks run like any other).</param>
    /// <param name="client">The Durable client.</param>
    /// <param name="cancellationToken">Host shutdown.</param>
    /// <returns>A task (the ticker logs each run it starts).</returns>
    [Function(Name)]
    public Task RunAsync([TimerTrigger("%" + AppSettings.ScheduleTick + "%")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        return ticker.TickAsync(client, cancellationToken);
    }
}
