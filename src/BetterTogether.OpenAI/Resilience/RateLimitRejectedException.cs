using Polly;

namespace BetterTogether.OpenAI.Resilience;

/// <summary>The client-side rate limiter refused a call; mapped to <see cref="Errors.OpenAIEndpointFailure.RateLimited"/>.</summary>
internal sealed class RateLimitRejectedException : ExecutionRejectedException
{
    public RateLimitRejectedException(TimeSpan? retryAfter)
        : base("The client-side rate limiter rejected the call.")
    {
        RetryAfter = retryAfter;
    }

    public RateLimitRejectedException()
    {
    }

    public RateLimitRejectedException(string message)
        : base(message)
    {
    }

    public RateLimitRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TimeSpan? RetryAfter { get; }
}
