using Microsoft.Extensions.Logging;

namespace BetterTogether.Workflow.Embedded;

/// <summary>The embedded runtime's log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Orchestration '{Name}' instance '{InstanceId}' scheduled.")]
    public static partial void InstanceScheduled(ILogger logger, string name, string instanceId);

    [LoggerMessage(2, LogLevel.Information, "Instance '{InstanceId}' loaded with {EventCount} history events; re-dispatching {ActivityCount} activities and {TimerCount} timers.")]
    public static partial void InstanceLoaded(ILogger logger, string instanceId, int eventCount, int activityCount, int timerCount);

    [LoggerMessage(3, LogLevel.Information, "Instance '{InstanceId}' finished: {Status}.")]
    public static partial void InstanceFinished(ILogger logger, string instanceId, string status);

    [LoggerMessage(4, LogLevel.Warning, "Activity '{ActivityName}' (task {TaskId}) of instance '{InstanceId}' failed.")]
    public static partial void ActivityFailed(ILogger logger, Exception exception, string activityName, int taskId, string instanceId);

    [LoggerMessage(5, LogLevel.Error, "Instance '{InstanceId}': another host appended to its history; this host stops running it.")]
    public static partial void OwnershipLost(ILogger logger, Exception exception, string instanceId);

    [LoggerMessage(6, LogLevel.Error, "Instance '{InstanceId}': the runtime failed to process it; it resumes on the next start.")]
    public static partial void WorkerFaulted(ILogger logger, Exception exception, string instanceId);

    [LoggerMessage(7, LogLevel.Debug, "Event '{EventName}' for finished instance '{InstanceId}' dropped.")]
    public static partial void EventDropped(ILogger logger, string eventName, string instanceId);
}
