namespace BetterTogether.Workflow.Orchestration;

/// <summary>
/// Retries of a failed activity, driven by durable timers inside the orchestration
/// (Durable's <c>RetryPolicy</c>): the delay before retry k (1-based) is
/// <c>min(FirstRetryInterval * BackoffCoefficient^(k-1), MaxRetryInterval)</c>.
/// </summary>
public sealed class RetryPolicy
{
    /// <summary>Creates a policy.</summary>
    /// <param name="maxNumberOfAttempts">Total attempts including the first (at least 1).</param>
    /// <param name="firstRetryInterval">Delay before the first retry (positive).</param>
    /// <param name="backoffCoefficient">Growth of the delay per retry (at least 1).</param>
    /// <param name="maxRetryInterval">Cap on one delay; null for no cap.</param>
    /// <param name="handle">Which failures to retry; null retries every failure.</param>
    public RetryPolicy(
        int maxNumberOfAttempts,
        TimeSpan firstRetryInterval,
        double backoffCoefficient = 1.0,
        TimeSpan? maxRetryInterval = null,
        Func<TaskFailureDetails, bool>? handle = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNumberOfAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(firstRetryInterval, TimeSpan.Zero);
        if (double.IsNaN(backoffCoefficient) || backoffCoefficient < 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(backoffCoefficient), backoffCoefficient, "The backoff coefficient must be at least 1.");
        }

        if (maxRetryInterval is { } max && max < firstRetryInterval)
        {
            throw new ArgumentOutOfRangeException(nameof(maxRetryInterval), max, "The maximum retry interval must not be shorter than the first one.");
        }

        MaxNumberOfAttempts = maxNumberOfAttempts;
        FirstRetryInterval = firstRetryInterval;
        BackoffCoefficient = backoffCoefficient;
        MaxRetryInterval = maxRetryInterval;
        Handle = handle;
    }

    /// <summary>Total attempts including the first.</summary>
    public int MaxNumberOfAttempts { get; }

    /// <summary>Delay before the first retry.</summary>
    public TimeSpan FirstRetryInterval { get; }

    /// <summary>Growth factor of the delay per retry.</summary>
    public double BackoffCoefficient { get; }

    /// <summary>Cap on one delay; null for none.</summary>
    public TimeSpan? MaxRetryInterval { get; }

    /// <summary>Which failures are retried; null retries all.</summary>
    public Func<TaskFailureDetails, bool>? Handle { get; }

    /// <summary>The delay before retry <paramref name="retryNumber"/> (1-based).</summary>
    public TimeSpan GetRetryDelay(int retryNumber)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retryNumber, 1);
        var ticks = FirstRetryInterval.Ticks * Math.Pow(BackoffCoefficient, retryNumber - 1);
        var cap = (MaxRetryInterval ?? TimeSpan.MaxValue).Ticks;
        return ticks >= cap ? TimeSpan.FromTicks(cap) : TimeSpan.FromTicks((long)ticks);
    }
}
