using System.Net;

namespace BetterTogether.Storage;

/// <summary>A store operation failed for a reason other than a missing artifact or a failed condition.</summary>
public sealed class ArtifactStoreException : IOException
{
    /// <summary>Creates the exception for an operation on <paramref name="location"/>.</summary>
    public ArtifactStoreException(string message, string location, HttpStatusCode? statusCode = null, string? errorCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Location = location;
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    /// <summary>Creates the exception.</summary>
    public ArtifactStoreException()
        : this("The artifact store operation failed.", string.Empty)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ArtifactStoreException(string message)
        : this(message, string.Empty)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ArtifactStoreException(string message, Exception innerException)
        : this(message, string.Empty, null, null, innerException)
    {
    }

    /// <summary>Where it failed: a file path or a blob URL (without credentials).</summary>
    public string Location { get; }

    /// <summary>The HTTP status of a remote store's answer, when there was one.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The remote store's error code (e.g. <c>AuthenticationFailed</c>), when it gave one.</summary>
    public string? ErrorCode { get; }
}
