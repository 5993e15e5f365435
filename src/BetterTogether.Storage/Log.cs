using Microsoft.Extensions.Logging;

namespace BetterTogether.Storage;

/// <summary>Source-generated log messages of the storage project.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Retrying {Method} {Url} (retry {Retry})")]
    public static partial void RetryingRequest(ILogger logger, string method, string url, int retry);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Created blob container {Url}")]
    public static partial void CreatedContainer(ILogger logger, string url);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Uploaded {Url} ({Bytes} bytes)")]
    public static partial void Uploaded(ILogger logger, string url, long bytes);
}
