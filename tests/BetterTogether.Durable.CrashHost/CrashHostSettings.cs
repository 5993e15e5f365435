namespace BetterTogether.Durable.CrashHost;

/// <summary>Where executions are logged, and from which item on activities never return.</summary>
internal sealed record CrashHostSettings(string ExecutionLogPath, int BlockFrom);
