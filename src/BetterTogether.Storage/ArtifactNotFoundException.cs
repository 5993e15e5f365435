namespace BetterTogether.Storage;

/// <summary>Nothing is stored at the requested path.</summary>
public sealed class ArtifactNotFoundException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public ArtifactNotFoundException(string path, string location, Exception? innerException = null)
        : base($"No artifact at '{path}' ({location}).", innerException)
    {
        Path = path;
    }

    /// <summary>Creates the exception with a message.</summary>
    public ArtifactNotFoundException()
        : this(string.Empty, string.Empty)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ArtifactNotFoundException(string message)
        : this(message, string.Empty)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ArtifactNotFoundException(string message, Exception innerException)
        : this(message, string.Empty, innerException)
    {
    }

    /// <summary>The missing artifact's path.</summary>
    public string Path { get; } = string.Empty;
}
