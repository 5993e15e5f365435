using System.Threading.RateLimiting;
using Polly;

namespace BetterTogether.OpenAI.Resilience;

/// <summary>
/// The outermost strategy: holds a <see cref="RateLimiter"/> lease for the whole call (retries included).
/// Polly.RateLimiting is not on our feed, so this is the few lines it would give us.
/// </summary>
internal sealed class RateLimiterStrategy(RateLimiter limiter) : ResilienceStrategy
{
    protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
        ResilienceContext context,
        TState state)
    {
        RateLimitLease lease;
        try
        {
            lease = await limiter.AcquireAsync(1, context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
        }
        catch (OperationCanceledException exception)
        {
            return Outcome.FromException<TResult>(exception);
        }

        using (lease)
        {
            if (!lease.IsAcquired)
            {
                TimeSpan? retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : null;
                return Outcome.FromException<TResult>(new RateLimitRejectedException(retryAfter));
            }

            return await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
        }
    }
}
