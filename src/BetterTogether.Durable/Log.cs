using DurableTask.Core;
using Microsoft.Extensions.Logging;

namespace BetterTogether.Durable;

/// <summary>The log messages of the worker and the embedded backend.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Durable worker '{WorkerName}' starting over {OrchestrationService}")]
    public static partial void WorkerStarting(ILogger logger, string workerName, string orchestrationService);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Durable worker '{WorkerName}' started")]
    public static partial void WorkerStarted(ILogger logger, string workerName);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Durable worker '{WorkerName}' failed to start")]
    public static partial void WorkerStartFailed(ILogger logger, string workerName, Exception exception);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Durable worker '{WorkerName}' stopping; running work items get a few seconds to finish")]
    public static partial void WorkerStopping(ILogger logger, string workerName);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Durable worker '{WorkerName}' stopped")]
    public static partial void WorkerStopped(ILogger logger, string workerName);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Opened embedded Durable database {DatabasePath} ({Mode})")]
    public static partial void DatabaseOpened(ILogger logger, string databasePath, string mode);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Discarded {MessageCount} message(s) for instance {InstanceId}: {Reason}")]
    public static partial void MessagesDiscarded(ILogger logger, int messageCount, string instanceId, string reason);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Abandoned the work item of instance {InstanceId}; its messages are handed out again in {Delay}")]
    public static partial void OrchestrationAbandoned(ILogger logger, string instanceId, TimeSpan delay);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Abandoned activity message {MessageId} of instance {InstanceId}; it is handed out again in {Delay}")]
    public static partial void ActivityAbandoned(ILogger logger, long messageId, string? instanceId, TimeSpan delay);

    [LoggerMessage(EventId = 14, Level = LogLevel.Information, Message = "Instance {InstanceId} ({PreviousStatus}) replaced by a new run; its history was deleted")]
    public static partial void InstanceReplaced(ILogger logger, string instanceId, OrchestrationStatus previousStatus);

    [LoggerMessage(EventId = 15, Level = LogLevel.Warning, Message = "A start for instance {InstanceId}, which is {Status}, was enqueued; the engine drops it as a duplicate start")]
    public static partial void DuplicateStartEnqueued(ILogger logger, string instanceId, OrchestrationStatus status);

    [LoggerMessage(EventId = 16, Level = LogLevel.Information, Message = "Purged {InstanceCount} instance(s)")]
    public static partial void InstancesPurged(ILogger logger, int instanceCount);
}
