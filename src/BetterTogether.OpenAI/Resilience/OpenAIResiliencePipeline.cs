using System.Threading.RateLimiting;
using BetterTogether.OpenAI.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Retry;
using Polly.Timeout;

namespace BetterTogether.OpenAI.Resilience;

/// <summary>
/// The Polly v8 pipeline around every call to an OpenAI-compatible endpoint, outer to inner:
/// rate limiter → total timeout → retry (honouring <c>Retry-After</c>) → circuit breaker → per-attempt timeout.
/// Failures leave it as <see cref="OpenAIEndpointException"/>; the caller's cancellation leaves it as
/// <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class OpenAIResiliencePipeline
{
    private static readonly ResiliencePropertyKey<string> OperationKey = new("bt.operation");

    private readonly ResiliencePipeline _pipeline;
    private readonly Uri _endpoint;

    /// <summary>Builds the pipeline from validated options.</summary>
    /// <param name="options">The settings; validated here.</param>
    /// <param name="endpoint">The endpoint the pipeline guards (named in errors).</param>
    /// <param name="logger">Receives retry and circuit events.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public OpenAIResiliencePipeline(OpenAIResilienceOptions options, Uri endpoint, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(endpoint);
        options.Validate();
        _endpoint = endpoint;
        _pipeline = Build(options, logger ?? NullLogger.Instance);
    }

    /// <summary>Runs <paramref name="action"/> through the pipeline.</summary>
    /// <typeparam name="T">The action's result.</typeparam>
    /// <param name="operation">Names the call in errors and retry notices, e.g. <c>POST /chat/completions</c>.</param>
    /// <param name="action">One attempt; it must honour the token it is given (the attempt's).</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <returns>The first successful attempt's result.</returns>
    /// <exception cref="OpenAIEndpointException">All attempts failed, a timeout elapsed, the circuit is open or the limiter refused.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async ValueTask<T> ExecuteAsync<T>(string operation, Func<CancellationToken, ValueTask<T>> action, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operation);
        ArgumentNullException.ThrowIfNull(action);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(OperationKey, operation);
        try
        {
            return await _pipeline.ExecuteAsync(static (ctx, act) => act(ctx.CancellationToken), context, action).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException exception)
        {
            throw new OpenAIEndpointException(OpenAIEndpointFailure.Timeout, operation, _endpoint, null, null, null, exception);
        }
        catch (BrokenCircuitException exception)
        {
            throw new OpenAIEndpointException(OpenAIEndpointFailure.CircuitOpen, operation, _endpoint, null, null, exception.RetryAfter, exception);
        }
        catch (RateLimiterRejectedException exception)
        {
            throw new OpenAIEndpointException(OpenAIEndpointFailure.RateLimited, operation, _endpoint, null, null, exception.RetryAfter, exception);
        }
        catch (HttpRequestException exception)
        {
            throw new OpenAIEndpointException(OpenAIEndpointFailure.Network, operation, _endpoint, null, null, null, exception);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Whether a failure may go away on retry (and counts against the circuit).</summary>
    internal static bool IsTransient(Exception? exception) => exception switch
    {
        OpenAIEndpointException endpoint => endpoint.IsTransient,
        TimeoutRejectedException or HttpRequestException => true,
        _ => false,
    };

    private static ResiliencePipeline Build(OpenAIResilienceOptions options, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = options.TimeProvider, Name = "bt-openai" };
        var limiter = options.RateLimiter ?? (options.MaxConcurrentRequests > 0
            ? new ConcurrencyLimiter(new ConcurrencyLimiterOptions
            {
                PermitLimit = options.MaxConcurrentRequests,
                QueueLimit = options.QueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            })
            : null);
        if (limiter is not null)
        {
            builder.AddRateLimiter(limiter);
        }

        if (options.TotalTimeout is { } total)
        {
            builder.AddTimeout(total);
        }

        if (options.MaxRetries > 0)
        {
            builder.AddRetry(CreateRetry(options, logger));
        }

        if (options.UseCircuitBreaker)
        {
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = options.FailureRatio,
                MinimumThroughput = options.MinimumThroughput,
                SamplingDuration = options.SamplingDuration,
                BreakDuration = options.BreakDuration,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome.Exception)),
                OnOpened = args =>
                {
                    Log.CircuitOpened(logger, args.BreakDuration.TotalMilliseconds, args.Outcome.Exception?.Message ?? "failure");
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    Log.CircuitClosed(logger);
                    return ValueTask.CompletedTask;
                },
            });
        }

        if (options.AttemptTimeout is { } attempt)
        {
            builder.AddTimeout(attempt);
        }

        return builder.Build();
    }

    private static RetryStrategyOptions CreateRetry(OpenAIResilienceOptions options, ILogger logger) => new()
    {
        MaxRetryAttempts = options.MaxRetries,
        Delay = options.BaseDelay,
        MaxDelay = options.MaxDelay,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = options.UseJitter,
        ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome.Exception)),
        DelayGenerator = args =>
        {
            // The server knows its own load: its Retry-After wins over our backoff (capped).
            TimeSpan? delay = args.Outcome.Exception is OpenAIEndpointException { RetryAfter: { } retryAfter }
                ? (retryAfter < options.MaxRetryAfter ? retryAfter : options.MaxRetryAfter)
                : null;
            return ValueTask.FromResult(delay);
        },
        OnRetry = args =>
        {
            var operation = args.Context.Properties.GetValue(OperationKey, "call");
            var failure = args.Outcome.Exception;
            Log.Retrying(logger, operation, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds, failure?.Message ?? "failure");
            options.OnRetry?.Invoke(new OpenAIRetryNotice(operation, args.AttemptNumber, args.RetryDelay, failure));
            return ValueTask.CompletedTask;
        },
    };
}
