using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace BetterTogether.TrainingJobs.ContainerApps;

/// <summary>
/// Polly pipelines for ARM calls: retry (exponential, jitter, <c>Retry-After</c> honoured) around a per-attempt
/// timeout. Idempotent calls (GET, stop) retry on 408/429/5xx and network faults; starting an execution is not
/// idempotent, so it retries only where ARM surely did not act (429, a connection that failed before a response).
/// </summary>
internal static class ArmRetryPipeline
{
    public static ResiliencePipeline<HttpResponseMessage> Create(ContainerAppsJobOptions options, bool idempotent, TimeProvider time, ILogger logger)
    {
        var retry = new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = Math.Max(1, options.MaxRetryAttempts),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, idempotent)),
            DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
            OnRetry = args =>
            {
                var outcome = args.Outcome.Exception?.GetType().Name ?? ((int)args.Outcome.Result!.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                Log.RetryingArmRequest(logger, idempotent ? "read/stop" : "start", args.AttemptNumber + 1, outcome);
                args.Outcome.Result?.Dispose();
                return ValueTask.CompletedTask;
            },
        };
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(retry);
        }

        return builder.AddTimeout(options.AttemptTimeout).Build();
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, bool idempotent)
    {
        if (outcome.Exception is not null)
        {
            // A request that never got a response: for POST start only when the connection itself failed.
            return outcome.Exception switch
            {
                HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => true,
                HttpRequestException or TimeoutRejectedException => idempotent,
                _ => false,
            };
        }

        var status = outcome.Result!.StatusCode;
        return status == HttpStatusCode.TooManyRequests
            || (idempotent && status is HttpStatusCode.RequestTimeout or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
                or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout);
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        var header = response?.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date ? date - DateTimeOffset.UtcNow is { Ticks: > 0 } wait ? wait : TimeSpan.Zero : null;
    }
}
