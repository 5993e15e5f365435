namespace BetterTogether.Storage;

/// <summary>A conditional write's precondition did not hold (the artifact exists, or its ETag changed).</summary>
public sealed class ArtifactConflictException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ArtifactConflictException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ArtifactConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ArtifactConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
