using Microsoft.Extensions.Logging;

namespace BetterTogether.TrainingJobs;

/// <summary>Source-generated log messages of the training jobs project.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Dispatched training job {JobId} as execution {Execution} ({Dispatcher})")]
    public static partial void Dispatched(ILogger logger, string jobId, string execution, string dispatcher);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Training job {JobId} was dispatched twice; stopping duplicate execution {Execution}")]
    public static partial void DuplicateDispatch(ILogger logger, string jobId, string execution);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Training job {JobId}: execution {Execution} ended {State} without a final status from the trainer")]
    public static partial void ExecutionEndedSilently(ILogger logger, string jobId, string execution, string state);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Retrying ARM request {Request} (retry {Retry}) after {Outcome}")]
    public static partial void RetryingArmRequest(ILogger logger, string request, int retry, string outcome);
}
