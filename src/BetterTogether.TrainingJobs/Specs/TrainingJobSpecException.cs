namespace BetterTogether.TrainingJobs.Specs;

/// <summary>A training job spec is missing, unreadable or invalid.</summary>
public sealed class TrainingJobSpecException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TrainingJobSpecException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public TrainingJobSpecException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public TrainingJobSpecException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
