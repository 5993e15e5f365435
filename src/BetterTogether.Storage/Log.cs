using Microsoft.Extensions.Logging;

namespace BetterTogether.Storage;

/// <summary>Source-generated log messages of the storage project.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Retrying {Request} (retry {Retry}) in {DelayMs} ms after {Outcome}")]
    public static partial void RetryingRequest(ILogger logger, string request, int retry, double delayMs, string outcome);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Created blob container {Url}")]
    public static partial void CreatedContainer(ILogger logger, string url);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Uploaded {Url} in {Blocks} blocks ({Bytes} bytes)")]
    public static partial void UploadedBlocks(ILogger logger, string url, int blocks, long bytes);
}
