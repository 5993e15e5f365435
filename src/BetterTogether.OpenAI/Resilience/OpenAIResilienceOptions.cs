using System.Threading.RateLimiting;

namespace BetterTogether.OpenAI.Resilience;

/// <summary>
/// Settings of the pipeline around every endpoint call, outer to inner: rate limiter → total timeout →
/// retry → circuit breaker → per-attempt timeout. Validated by <see cref="Validate"/> when a pipeline is built.
/// </summary>
public sealed class OpenAIResilienceOptions
{
    /// <summary>Polly's lower bound for timeouts.</summary>
    private static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(10);

    /// <summary>Polly's lower bound for the circuit breaker's break and sampling durations.</summary>
    private static readonly TimeSpan MinBreakerDuration = TimeSpan.FromMilliseconds(500);

    /// <summary>A custom limiter (token bucket, sliding window...); when null, <see cref="MaxConcurrentRequests"/> builds a concurrency limiter.</summary>
    public RateLimiter? RateLimiter { get; set; }

    /// <summary>Concurrent calls allowed when <see cref="RateLimiter"/> is null; 0 disables limiting. Default 16.</summary>
    public int MaxConcurrentRequests { get; set; } = 16;

    /// <summary>Calls that may wait for a concurrency slot before being rejected. Default 1024.</summary>
    public int QueueLimit { get; set; } = 1024;

    /// <summary>Bound on one call including all retries and backoff; null disables. Default 10 minutes.</summary>
    public TimeSpan? TotalTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Bound on one attempt (for streaming: until the first update arrives); null disables. Default 2 minutes.</summary>
    public TimeSpan? AttemptTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Retries after the first attempt on 408, 429, 5xx, network errors and attempt timeouts; 0 disables. Default 5.</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>First backoff delay, doubled on each retry (exponential, with jitter). Default 1 s.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap on a computed backoff delay. Default 30 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether backoff delays are jittered (decorrelated). Default true.</summary>
    public bool UseJitter { get; set; } = true;

    /// <summary>Cap on a server's <c>Retry-After</c> that the client honours. Default 60 s.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Whether the circuit breaker is on. Default true.</summary>
    public bool UseCircuitBreaker { get; set; } = true;

    /// <summary>Share of transient failures within <see cref="SamplingDuration"/> that opens the circuit. Default 0.5.</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Attempts needed within <see cref="SamplingDuration"/> before the circuit may open (at least 2). Default 10.</summary>
    public int MinimumThroughput { get; set; } = 10;

    /// <summary>Window over which the failure ratio is measured (at least 500 ms). Default 30 s.</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the circuit stays open before a trial call (at least 500 ms). Default 15 s.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Clock for delays, timeouts and the breaker. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Called before each retry (for accounting and tests); must not throw.</summary>
    public Action<OpenAIRetryNotice>? OnRetry { get; set; }

    /// <summary>Checks every setting and names the first bad one.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        Require(MaxConcurrentRequests >= 0, nameof(MaxConcurrentRequests), "must be 0 (off) or positive");
        Require(QueueLimit >= 0, nameof(QueueLimit), "must not be negative");
        Require(TotalTimeout is null || TotalTimeout >= MinTimeout, nameof(TotalTimeout), "must be null or at least 10 ms");
        Require(AttemptTimeout is null || AttemptTimeout >= MinTimeout, nameof(AttemptTimeout), "must be null or at least 10 ms");
        Require(TotalTimeout is null || AttemptTimeout is null || AttemptTimeout <= TotalTimeout, nameof(AttemptTimeout), "must not exceed TotalTimeout");
        Require(MaxRetries >= 0, nameof(MaxRetries), "must not be negative");
        Require(BaseDelay >= TimeSpan.Zero && BaseDelay <= TimeSpan.FromDays(1), nameof(BaseDelay), "must be between 0 and 1 day");
        Require(MaxDelay >= BaseDelay && MaxDelay <= TimeSpan.FromDays(1), nameof(MaxDelay), "must be between BaseDelay and 1 day");
        Require(MaxRetryAfter >= TimeSpan.Zero && MaxRetryAfter <= TimeSpan.FromDays(1), nameof(MaxRetryAfter), "must be between 0 and 1 day");
        if (UseCircuitBreaker)
        {
            Require(FailureRatio > 0 && FailureRatio <= 1, nameof(FailureRatio), "must be in (0, 1]");
            Require(MinimumThroughput >= 2, nameof(MinimumThroughput), "must be at least 2");
            Require(SamplingDuration >= MinBreakerDuration, nameof(SamplingDuration), "must be at least 500 ms");
            Require(BreakDuration >= MinBreakerDuration && BreakDuration <= TimeSpan.FromDays(1), nameof(BreakDuration), "must be between 500 ms and 1 day");
        }
    }

    private static void Require(bool condition, string name, string rule)
    {
        if (!condition)
        {
            throw new ArgumentException($"OpenAIResilienceOptions.{name} {rule}.", name);
        }
    }
}
