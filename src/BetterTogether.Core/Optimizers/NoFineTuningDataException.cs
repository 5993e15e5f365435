namespace BetterTogether.Core.Optimizers;

/// <summary>
/// No traced run parsed and passed the metric, so a weight step has nothing to train on. BetterTogether records the
/// step as skipped (<see cref="BetterTogetherStepPolicy.WeightStepSkipReason"/>); a standalone <see cref="BootstrapFinetune"/> throws it.
/// </summary>
public sealed class NoFineTuningDataException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public NoFineTuningDataException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public NoFineTuningDataException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public NoFineTuningDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a trace collection that kept nothing.</summary>
    /// <param name="message">Why (the policy's skip reason).</param>
    /// <param name="traced">How many runs were traced.</param>
    public NoFineTuningDataException(string message, int traced)
        : base(message)
    {
        Traced = traced;
    }

    /// <summary>How many runs were traced (none of them kept).</summary>
    public int Traced { get; }
}
