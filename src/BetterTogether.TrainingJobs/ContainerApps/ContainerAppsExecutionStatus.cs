using BetterTogether.TrainingJobs.Dispatch;

namespace BetterTogether.TrainingJobs.ContainerApps;

/// <summary>Maps a Container Apps job execution's <c>properties.status</c> to <see cref="JobExecutionState"/>.</summary>
public static class ContainerAppsExecutionStatus
{
    /// <summary>Maps a status string (case-insensitive).</summary>
    /// <param name="status">Running, Processing, Succeeded, Failed, Stopped, Degraded (others read as Unknown).</param>
    /// <returns>The state.</returns>
    public static JobExecutionState ToState(string? status) => status?.ToUpperInvariant() switch
    {
        "RUNNING" => JobExecutionState.Running,
        "PROCESSING" => JobExecutionState.Pending,
        "SUCCEEDED" => JobExecutionState.Succeeded,
        "FAILED" => JobExecutionState.Failed,
        "STOPPED" => JobExecutionState.Stopped,

        // Degraded: the execution's replicas keep failing; the trainer gave up or never started.
        "DEGRADED" => JobExecutionState.Failed,
        _ => JobExecutionState.Unknown,
    };
}
