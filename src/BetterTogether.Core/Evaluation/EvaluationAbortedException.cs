namespace BetterTogether.Core.Evaluation;

/// <summary>An evaluation stopped because <see cref="EvaluatorOptions.MaxErrors"/> examples failed.</summary>
public sealed class EvaluationAbortedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EvaluationAbortedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public EvaluationAbortedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the first error.</summary>
    public EvaluationAbortedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a run that hit its error budget.</summary>
    /// <param name="errorCount">Errors seen.</param>
    /// <param name="maxErrors">The budget.</param>
    /// <param name="firstError">The first error, as the inner exception.</param>
    public EvaluationAbortedException(int errorCount, int maxErrors, Exception firstError)
        : base($"Evaluation stopped after {errorCount} failed example(s) (max_errors = {maxErrors}). First error: {firstError?.GetType().Name}: {firstError?.Message}", firstError)
    {
        ErrorCount = errorCount;
        MaxErrors = maxErrors;
    }

    /// <summary>Creates the exception for a run that hit its error budget, with the examples that finished before it stopped.</summary>
    /// <param name="errorCount">Errors seen.</param>
    /// <param name="maxErrors">The budget.</param>
    /// <param name="firstError">The first error, as the inner exception.</param>
    /// <param name="finished">The examples that finished (failed or scored) before the run stopped, in input order.</param>
    public EvaluationAbortedException(int errorCount, int maxErrors, Exception firstError, IReadOnlyList<ExampleResult> finished)
        : this(errorCount, maxErrors, firstError)
    {
        ArgumentNullException.ThrowIfNull(finished);
        Finished = finished;
    }

    /// <summary>The examples that finished before the run stopped, in input order (empty when unknown); they say why it failed.</summary>
    public IReadOnlyList<ExampleResult> Finished { get; } = [];

    /// <summary>Errors seen before stopping.</summary>
    public int ErrorCount { get; }

    /// <summary>The error budget that was reached.</summary>
    public int MaxErrors { get; }
}
