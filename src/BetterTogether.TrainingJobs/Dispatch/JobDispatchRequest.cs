namespace BetterTogether.TrainingJobs.Dispatch;

/// <summary>What a dispatcher needs to run the trainer for one job.</summary>
/// <param name="JobId">The job id.</param>
/// <param name="SpecPath">Store path of the job spec, passed as <c>--spec</c>.</param>
/// <param name="Environment">Environment variables for the trainer (store connection, container).</param>
public sealed record JobDispatchRequest(string JobId, string SpecPath, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>Checks the request.</summary>
    /// <exception cref="ArgumentException">A field is empty.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(JobId);
        ArgumentException.ThrowIfNullOrWhiteSpace(SpecPath);
        ArgumentNullException.ThrowIfNull(Environment);
    }
}
