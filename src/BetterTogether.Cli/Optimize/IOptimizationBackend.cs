namespace BetterTogether.Cli.Optimize;

/// <summary>Runs (or resumes) one optimization and reports progress per stage.</summary>
internal interface IOptimizationBackend
{
    /// <summary>Runs the request to the end; a request whose run id already has progress resumes it.</summary>
    /// <param name="request">The run.</param>
    /// <param name="progress">Receives stage updates.</param>
    /// <param name="cancellationToken">Stops the run; what finished stays stored, so a rerun resumes.</param>
    /// <returns>The outcome.</returns>
    Task<OptimizationOutcome> RunAsync(OptimizationRequest request, IProgress<StageProgress> progress, CancellationToken cancellationToken = default);
}
