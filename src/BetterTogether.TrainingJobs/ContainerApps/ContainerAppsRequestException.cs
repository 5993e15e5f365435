using System.Net;

namespace BetterTogether.TrainingJobs.ContainerApps;

/// <summary>An ARM request to Container Apps failed; the message names the operation, status and ARM error.</summary>
public sealed class ContainerAppsRequestException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ContainerAppsRequestException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ContainerAppsRequestException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public ContainerAppsRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a failed response.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="statusCode">The HTTP status.</param>
    public ContainerAppsRequestException(string message, HttpStatusCode statusCode)
        : base(message)
    {
        StatusCode = statusCode;
    }

    /// <summary>The HTTP status, when a response came back.</summary>
    public HttpStatusCode? StatusCode { get; }
}
