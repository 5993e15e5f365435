using Microsoft.Extensions.Logging;

namespace BetterTogether.Trainer;

/// <summary>Source-generated log messages of the trainer entrypoint.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Training job {JobId}: {Records} records, backend {Backend}, base model {BaseModel}")]
    public static partial void Starting(ILogger logger, string jobId, int records, string backend, string baseModel);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Step {Step}/{TotalSteps} loss {Loss:F4} ({TokensPerSecond:F0} tok/s)")]
    public static partial void Step(ILogger logger, int step, int totalSteps, double loss, double tokensPerSecond);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Training job {JobId} succeeded: adapter at {Location}")]
    public static partial void Succeeded(ILogger logger, string jobId, string location);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Training job {JobId} failed: {Reason}")]
    public static partial void Failed(ILogger logger, string jobId, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Training job {JobId} cancelled")]
    public static partial void Cancelled(ILogger logger, string jobId);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Training job {JobId} is already {State}; nothing to do")]
    public static partial void AlreadyDone(ILogger logger, string jobId, string state);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Downloaded {Files} files ({Bytes} bytes) from {Location}")]
    public static partial void Downloaded(ILogger logger, int files, long bytes, string location);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Checkpoint at step {Step} uploaded to {Location}")]
    public static partial void CheckpointUploaded(ILogger logger, int step, string location);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "Checkpoint at step {Step} could not be uploaded: {Reason}")]
    public static partial void CheckpointUploadFailed(ILogger logger, int step, string reason);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Training job {JobId} resumes from the checkpoint at step {Step}")]
    public static partial void Resuming(ILogger logger, string jobId, int step);
}
