namespace BetterTogether.TrainingJobs.Dispatch;

/// <summary>An execution's status.</summary>
/// <param name="Name">The execution name.</param>
/// <param name="State">Its state.</param>
/// <param name="Detail">Extra detail (exit code and output tail, or the platform's status string).</param>
public sealed record JobExecutionStatus(string Name, JobExecutionState State, string? Detail = null)
{
    /// <summary>True once the execution has ended.</summary>
    public bool IsTerminal => State is JobExecutionState.Succeeded or JobExecutionState.Failed or JobExecutionState.Stopped;
}
