namespace BetterTogether.OpenAI.Errors;

/// <summary>
/// A call to an OpenAI-compatible endpoint failed: carries the endpoint and operation, the HTTP status,
/// and the server's OpenAI-style error (<c>{"error":{"message","type","code"}}</c>) when it sent one.
/// </summary>
public sealed class OpenAIEndpointException : Exception
{
    /// <summary>Creates an exception with only a message.</summary>
    public OpenAIEndpointException()
        : this("The OpenAI-compatible endpoint call failed.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public OpenAIEndpointException(string message)
        : this(message, null)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The underlying failure.</param>
    public OpenAIEndpointException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Failure = OpenAIEndpointFailure.HttpError;
        Operation = "unknown";
    }

    /// <summary>Creates a fully described exception.</summary>
    /// <param name="failure">Why the call failed.</param>
    /// <param name="operation">The operation, e.g. <c>POST /chat/completions</c>.</param>
    /// <param name="endpoint">The endpoint's base URL.</param>
    /// <param name="statusCode">The HTTP status, when the server answered.</param>
    /// <param name="error">The server's error body, when it sent one.</param>
    /// <param name="retryAfter">The server's <c>Retry-After</c>, when it sent one.</param>
    /// <param name="innerException">The underlying failure.</param>
    public OpenAIEndpointException(
        OpenAIEndpointFailure failure,
        string operation,
        Uri? endpoint,
        int? statusCode,
        OpenAIErrorBody? error,
        TimeSpan? retryAfter,
        Exception? innerException)
        : base(Describe(failure, operation, endpoint, statusCode, error), innerException)
    {
        Failure = failure;
        Operation = operation;
        Endpoint = endpoint;
        StatusCode = statusCode;
        Error = error;
        RetryAfter = retryAfter;
    }

    /// <summary>Why the call failed.</summary>
    public OpenAIEndpointFailure Failure { get; }

    /// <summary>The operation that failed, e.g. <c>POST /chat/completions</c>.</summary>
    public string Operation { get; }

    /// <summary>The endpoint's base URL.</summary>
    public Uri? Endpoint { get; }

    /// <summary>The HTTP status code, or null when no HTTP answer came back.</summary>
    public int? StatusCode { get; }

    /// <summary>The server's OpenAI-style error, when it sent one.</summary>
    public OpenAIErrorBody? Error { get; }

    /// <summary>The server's error message, when it sent one.</summary>
    public string? ServerMessage => Error?.Message;

    /// <summary>How long the server asked the client to wait (<c>Retry-After</c> / <c>retry-after-ms</c>).</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Whether a retry may succeed: 408, 429, 5xx, network failures and attempt timeouts.</summary>
    public bool IsTransient => Failure switch
    {
        OpenAIEndpointFailure.Network or OpenAIEndpointFailure.Timeout => true,
        OpenAIEndpointFailure.HttpError => StatusCode is 408 or 429 or >= 500,
        _ => false,
    };

    private static string Describe(OpenAIEndpointFailure failure, string operation, Uri? endpoint, int? statusCode, OpenAIErrorBody? error)
    {
        var where = endpoint is null ? operation : $"{operation} on {endpoint}";
        var status = statusCode is null ? string.Empty : $" with HTTP {statusCode}";
        var detail = error?.Message is { Length: > 0 } message ? $": {message}" : ".";
        return failure switch
        {
            OpenAIEndpointFailure.HttpError => $"{where} failed{status}{detail}",
            OpenAIEndpointFailure.Network => $"{where} failed: no HTTP response (network error){detail}",
            OpenAIEndpointFailure.Timeout => $"{where} timed out.",
            OpenAIEndpointFailure.CircuitOpen => $"{where} was not sent: the circuit breaker is open after repeated transient failures.",
            OpenAIEndpointFailure.RateLimited => $"{where} was rejected by the client-side rate limiter.",
            OpenAIEndpointFailure.InvalidResponse => $"{where} returned a response the client could not read{detail}",
            _ => $"{where} failed{status}{detail}",
        };
    }
}
