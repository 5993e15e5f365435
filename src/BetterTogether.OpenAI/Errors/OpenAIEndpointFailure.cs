namespace BetterTogether.OpenAI.Errors;

/// <summary>Why a call to an OpenAI-compatible endpoint failed.</summary>
public enum OpenAIEndpointFailure
{
    /// <summary>The server answered with an error status (see <see cref="OpenAIEndpointException.StatusCode"/>).</summary>
    HttpError,

    /// <summary>The request never got an HTTP answer (connection refused or reset, DNS, TLS).</summary>
    Network,

    /// <summary>The per-attempt or total timeout elapsed.</summary>
    Timeout,

    /// <summary>The circuit breaker is open after repeated transient failures; the call was not sent.</summary>
    CircuitOpen,

    /// <summary>The client-side rate limiter refused the call (its queue is full).</summary>
    RateLimited,

    /// <summary>The server answered 2xx with a body the client could not understand.</summary>
    InvalidResponse,
}
