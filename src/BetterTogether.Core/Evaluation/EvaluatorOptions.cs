namespace BetterTogether.Core.Evaluation;

/// <summary>Settings of an <see cref="Evaluator"/> (DSPy's <c>Evaluate</c> arguments).</summary>
public sealed record EvaluatorOptions
{
    /// <summary>Examples run at once (DSPy's <c>num_threads</c>).</summary>
    public int MaxDegreeOfParallelism { get; init; } = 1;

    /// <summary>The run stops with <see cref="EvaluationAbortedException"/> once this many examples failed (DSPy's default <c>max_errors</c> is 10).</summary>
    public int MaxErrors { get; init; } = 10;

    /// <summary>The score given to an example whose program or metric threw.</summary>
    public double FailureScore { get; init; }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxDegreeOfParallelism);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxErrors);
        if (!double.IsFinite(FailureScore))
        {
            throw new ArgumentOutOfRangeException(nameof(FailureScore), FailureScore, "The failure score must be finite.");
        }
    }
}
