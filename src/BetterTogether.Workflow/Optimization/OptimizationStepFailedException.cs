namespace BetterTogether.Workflow.Optimization;

/// <summary>
/// A strategy step failed (a fine-tuning job failed or timed out, an activity failed after its retries). The run
/// still writes its report and the best program so far, then fails with this exception so the failure is loud.
/// </summary>
public sealed class OptimizationStepFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OptimizationStepFailedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public OptimizationStepFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public OptimizationStepFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
