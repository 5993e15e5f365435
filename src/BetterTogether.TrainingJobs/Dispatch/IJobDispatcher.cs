namespace BetterTogether.TrainingJobs.Dispatch;

/// <summary>
/// Runs the trainer entrypoint somewhere (a local child process, an Azure Container Apps job execution)
/// and reports on the execution by name.
/// </summary>
public interface IJobDispatcher
{
    /// <summary>Starts an execution of the trainer for a job.</summary>
    /// <param name="request">The job id, spec location and environment.</param>
    /// <param name="cancellationToken">Cancels the start call.</param>
    /// <returns>The execution's name, used with <see cref="GetStatusAsync"/> and <see cref="StopAsync"/>.</returns>
    Task<JobExecution> StartAsync(JobDispatchRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads an execution's state; <see cref="JobExecutionState.Unknown"/> when this dispatcher does not know it.</summary>
    /// <param name="executionName">The name <see cref="StartAsync"/> returned.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The execution's status.</returns>
    Task<JobExecutionStatus> GetStatusAsync(string executionName, CancellationToken cancellationToken = default);

    /// <summary>Stops an execution; a finished or unknown execution is left as it is.</summary>
    /// <param name="executionName">The name <see cref="StartAsync"/> returned.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task StopAsync(string executionName, CancellationToken cancellationToken = default);
}
