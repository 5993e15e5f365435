using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace BetterTogether.Storage.AzureBlob;

/// <summary>
/// The resilience pipeline around each Blob REST call: retry (exponential backoff with jitter, honoring
/// Retry-After) on 408/429/500/502/503/504, network errors and attempt timeouts, around a per-attempt timeout.
/// </summary>
internal static class BlobRetryPipeline
{
    /// <summary>The key under which the request's method and URL travel to the retry callback.</summary>
    public static readonly ResiliencePropertyKey<string> RequestKey = new("bt.blob.request");

    public static ResiliencePipeline<HttpResponseMessage> Build(AzureBlobArtifactStoreOptions options, ILogger logger)
    {
        var retry = new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = Math.Max(1, options.MaxRetryAttempts),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            MaxDelay = options.MaxRetryDelay,
            ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                .Handle<HttpRequestException>()
                .Handle<TimeoutRejectedException>()
                .HandleResult(response => IsTransient(response.StatusCode)),
            DelayGenerator = args =>
            {
                var delay = args.Outcome.Result is { } response ? GetRetryAfter(response, options.TimeProvider.GetUtcNow()) : null;
                return ValueTask.FromResult(delay is { } d ? (TimeSpan?)(d > options.MaxRetryDelay ? options.MaxRetryDelay : d) : null);
            },
            OnRetry = args =>
            {
                var outcome = args.Outcome.Exception is { } ex ? ex.GetType().Name : $"HTTP {(int)args.Outcome.Result!.StatusCode}";
                args.Context.Properties.TryGetValue(RequestKey, out var request);
                Log.RetryingRequest(logger, request ?? "blob request", args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds, outcome);
                args.Outcome.Result?.Dispose();
                return ValueTask.CompletedTask;
            },
        };

        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = options.TimeProvider };
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(retry);
        }

        return builder.AddTimeout(options.AttemptTimeout).Build();
    }

    public static bool IsTransient(HttpStatusCode status) => status is HttpStatusCode.RequestTimeout
        or HttpStatusCode.TooManyRequests
        or HttpStatusCode.InternalServerError
        or HttpStatusCode.BadGateway
        or HttpStatusCode.ServiceUnavailable
        or HttpStatusCode.GatewayTimeout;

    /// <summary>The server's Retry-After (seconds or an HTTP date), or null when it sent none.</summary>
    public static TimeSpan? GetRetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
