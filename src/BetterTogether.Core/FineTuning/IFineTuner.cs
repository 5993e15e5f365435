namespace BetterTogether.Core.FineTuning;

/// <summary>
/// The fine-tuner port: starts LoRA training jobs and reports on them by id, so a durable
/// orchestration can start a job in one activity and poll it from others (possibly after a restart).
/// Implemented in-process by the engine, and over container jobs in the cloud.
/// </summary>
public interface IFineTuner
{
    /// <summary>Starts a job. Starting the same <paramref name="jobId"/> twice returns the existing job's status.</summary>
    /// <param name="jobId">A caller-chosen, deterministic id (idempotency key).</param>
    /// <param name="request">What to train.</param>
    /// <param name="cancellationToken">Cancels the start call (not the job).</param>
    /// <returns>The job's status right after it was accepted.</returns>
    Task<FineTuneJobStatus> StartAsync(string jobId, FineTuneRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads a job's status.</summary>
    /// <exception cref="KeyNotFoundException">No job has that id.</exception>
    Task<FineTuneJobStatus> GetStatusAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Asks a job to stop; a finished job is left as it is.</summary>
    Task CancelAsync(string jobId, CancellationToken cancellationToken = default);
}
