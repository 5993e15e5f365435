namespace BetterTogether.Storage;

/// <summary>An artifact path or prefix breaks the path rules of <see cref="ArtifactPath"/>.</summary>
public sealed class InvalidArtifactPathException : ArgumentException
{
    /// <summary>Creates the exception for <paramref name="path"/>, saying why it is invalid.</summary>
    public InvalidArtifactPathException(string path, string reason, string? paramName = null)
        : base($"Invalid artifact path '{path}': {reason}", paramName)
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>Creates the exception.</summary>
    public InvalidArtifactPathException()
        : this(string.Empty, "no path given")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public InvalidArtifactPathException(string message)
        : base(message)
    {
        Path = string.Empty;
        Reason = message;
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public InvalidArtifactPathException(string message, Exception innerException)
        : base(message, innerException)
    {
        Path = string.Empty;
        Reason = message;
    }

    /// <summary>The offending path.</summary>
    public string Path { get; }

    /// <summary>Which rule it breaks.</summary>
    public string Reason { get; }
}
