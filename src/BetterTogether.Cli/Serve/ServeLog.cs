using Microsoft.Extensions.Logging;

namespace BetterTogether.Cli.Serve;

/// <summary>Source-generated log messages of <c>bt serve</c>.</summary>
internal static partial class ServeLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Schedule {Schedule} started run {InstanceId} for the slot due at {Due:o}")]
    public static partial void ScheduledRunStarted(ILogger logger, string schedule, string instanceId, DateTimeOffset due);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Schedule {Schedule} is skipped: {Reason}")]
    public static partial void ScheduleSkipped(ILogger logger, string schedule, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "The scheduler tick failed")]
    public static partial void SchedulerTickFailed(ILogger logger, Exception exception);
}
