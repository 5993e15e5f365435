using Microsoft.Extensions.Logging;

namespace BetterTogether.OpenAI;

/// <summary>Source-generated log messages of the OpenAI-compatible client.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Retrying {Operation} (attempt {Attempt}) after {DelayMs} ms: {Reason}")]
    public static partial void Retrying(ILogger logger, string operation, int attempt, double delayMs, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Circuit opened for {BreakDurationMs} ms after {Reason}")]
    public static partial void CircuitOpened(ILogger logger, double breakDurationMs, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Circuit closed")]
    public static partial void CircuitClosed(ILogger logger);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Loaded LoRA adapter {AdapterName} from {AdapterLocation} on {Endpoint}")]
    public static partial void AdapterLoaded(ILogger logger, string adapterName, string adapterLocation, Uri endpoint);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Unloaded LoRA adapter {AdapterName} on {Endpoint}")]
    public static partial void AdapterUnloaded(ILogger logger, string adapterName, Uri endpoint);
}
