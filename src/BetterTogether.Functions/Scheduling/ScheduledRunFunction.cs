using System.Globalization;
using System.Text.Json;
using BetterTogether.Functions.Binding;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BetterTogether.Functions.Scheduling;

/// <summary>
/// Starts scheduled re-optimizations on the NCRONTAB schedule <c>%REOPTIMIZE_SCHEDULE%</c>. The instance id is
/// deterministic, <c>{REOPTIMIZE_NAME}-{scheduled minute:yyyyMMddTHHmmZ}</c>, so a timer that fires twice for one
/// occurrence (scale-out, retry) starts one run; an existing instance is left alone.
/// Settings: <c>REOPTIMIZE_ORCHESTRATOR</c> (orchestrator name), <c>REOPTIMIZE_INPUT</c> (JSON input, optional),
/// <c>REOPTIMIZE_NAME</c> (schedule name, default <c>reoptimize</c>).
/// </summary>
/// <param name="configuration">App settings.</param>
/// <param name="time">Clock (the scheduled minute is the invocation time truncated to the minute).</param>
/// <param name="logger">Logs starts and skips.</param>
public sealed class ScheduledRunFunction(IConfiguration configuration, TimeProvider time, ILogger<ScheduledRunFunction> logger)
{
    /// <summary>Starts the scheduled run for this occurrence, once.</summary>
    /// <param name="timer">The timer (past-due occurrences run too, under their own minute).</param>
    /// <param name="client">The Durable client.</param>
    /// <param name="cancellationToken">Host shutdown.</param>
    /// <returns>A task.</returns>
    [Function("ScheduledReoptimization")]
    public async Task RunAsync([TimerTrigger("%REOPTIMIZE_SCHEDULE%")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        ArgumentNullException.ThrowIfNull(client);
        var orchestrator = configuration["REOPTIMIZE_ORCHESTRATOR"];
        if (string.IsNullOrWhiteSpace(orchestrator))
        {
            throw new InvalidOperationException("REOPTIMIZE_ORCHESTRATOR is not set: the schedule does not know which orchestration to start.");
        }

        var now = time.GetUtcNow();
        var minute = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        var instanceId = ScheduledInstanceId(configuration["REOPTIMIZE_NAME"] ?? "reoptimize", minute);
        if (await client.GetInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false) is not null)
        {
            logger.LogInformation("Scheduled run {InstanceId} already exists; not starting it again", instanceId);
            return;
        }

        var inputJson = configuration["REOPTIMIZE_INPUT"];
        JsonElement? input = null;
        if (!string.IsNullOrWhiteSpace(inputJson))
        {
            using var document = JsonDocument.Parse(inputJson);
            input = document.RootElement.Clone();
        }

        await client.ScheduleNewOrchestrationInstanceAsync(FunctionNames.Orchestrator, new OrchestrationEnvelope(orchestrator, input), new StartOrchestrationOptions(instanceId), cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Started scheduled run {InstanceId} of {Orchestrator} (past due: {PastDue})", instanceId, orchestrator, timer.IsPastDue);
    }

    /// <summary>The deterministic instance id of a scheduled occurrence.</summary>
    /// <param name="scheduleName">The schedule's name.</param>
    /// <param name="occurrence">The occurrence (UTC).</param>
    /// <returns><c>{scheduleName}-{yyyyMMddTHHmmZ}</c>.</returns>
    public static string ScheduledInstanceId(string scheduleName, DateTimeOffset occurrence) =>
        string.Create(CultureInfo.InvariantCulture, $"{scheduleName}-{occurrence.UtcDateTime:yyyyMMdd'T'HHmm'Z'}");
}
