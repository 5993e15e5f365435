using BetterTogether.Workflow.Orchestration;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using DurableTaskFailedException = Microsoft.DurableTask.TaskFailedException;
using DurableTaskFailureDetails = Microsoft.DurableTask.TaskFailureDetails;
using TaskFailedException = BetterTogether.Workflow.Orchestration.TaskFailedException;
using TaskFailureDetails = BetterTogether.Workflow.Orchestration.TaskFailureDetails;
using TaskOptions = BetterTogether.Workflow.Orchestration.TaskOptions;

namespace BetterTogether.Functions.Binding;

/// <summary>
/// Our orchestration port over Durable Functions' <see cref="TaskOrchestrationContext"/>, so orchestrators written
/// against <see cref="IOrchestrationContext"/> run unchanged under Azure Functions. Activities go through the one
/// generic activity function with an <see cref="ActivityEnvelope"/>; retries follow our <see cref="Workflow.Orchestration.RetryPolicy"/>
/// with durable timers (so <see cref="Workflow.Orchestration.RetryPolicy.Handle"/> and the delays behave exactly as in the embedded runtime).
/// </summary>
/// <remarks>No <c>ConfigureAwait(false)</c> here: continuations must stay on the orchestration's scheduler.</remarks>
#pragma warning disable CA2007
public sealed class DurableOrchestrationContext : IOrchestrationContext
{
    private readonly TaskOrchestrationContext _inner;
    private readonly OrchestrationEnvelope _envelope;
    private int _nextTaskId;

    /// <summary>Wraps a Durable context running <paramref name="envelope"/>.</summary>
    /// <param name="inner">The Durable context.</param>
    /// <param name="envelope">Which orchestrator runs, with its input.</param>
    public DurableOrchestrationContext(TaskOrchestrationContext inner, OrchestrationEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(envelope);
        _inner = inner;
        _envelope = envelope;
    }

    /// <inheritdoc/>
    public string Name => _envelope.Name;

    /// <inheritdoc/>
    public string InstanceId => _inner.InstanceId;

    /// <inheritdoc/>
    public DateTime CurrentUtcDateTime => _inner.CurrentUtcDateTime;

    /// <inheritdoc/>
    public bool IsReplaying => _inner.IsReplaying;

    /// <inheritdoc/>
    public T? GetInput<T>() => (T?)FunctionsJson.FromElement(_envelope.Input, typeof(T));

    /// <inheritdoc/>
    public async Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var envelope = new ActivityEnvelope(name, InstanceId, _nextTaskId++, FunctionsJson.ToElement(input));
        var policy = options?.Retry;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var output = await _inner.CallActivityAsync<string?>(FunctionNames.Activity, envelope);
                return output is null ? default! : (TResult)FunctionsJson.FromElement(System.Text.Json.JsonDocument.Parse(output).RootElement, typeof(TResult))!;
            }
            catch (DurableTaskFailedException ex)
            {
                var details = Convert(ex.FailureDetails);
                if (policy is null || attempt >= policy.MaxNumberOfAttempts || (policy.Handle is { } handle && !handle(details)))
                {
                    throw new TaskFailedException(name, envelope.TaskId, details);
                }

                await _inner.CreateTimer(policy.GetRetryDelay(attempt), CancellationToken.None);
            }
        }
    }

    /// <inheritdoc/>
    public Task CallActivityAsync(string name, object? input = null, TaskOptions? options = null) =>
        CallActivityAsync<object?>(name, input, options);

    /// <inheritdoc/>
    public Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) => _inner.CreateTimer(fireAt, cancellationToken);

    /// <inheritdoc/>
    public Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken) => _inner.CreateTimer(delay, cancellationToken);

    /// <inheritdoc/>
    public Task<T> WaitForExternalEvent<T>(string name, CancellationToken cancellationToken = default) =>
        _inner.WaitForExternalEvent<T>(name, cancellationToken);

    /// <inheritdoc/>
    public void SetCustomStatus(object? customStatus) => _inner.SetCustomStatus(customStatus);

    /// <inheritdoc/>
    public Guid NewGuid() => _inner.NewGuid();

    /// <inheritdoc/>
    public void ContinueAsNew(object? newInput) =>
        _inner.ContinueAsNew(new OrchestrationEnvelope(_envelope.Name, FunctionsJson.ToElement(newInput)));

    /// <inheritdoc/>
    public ILogger CreateReplaySafeLogger(ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return new ReplaySafeLogger(this, logger);
    }

    private static TaskFailureDetails Convert(DurableTaskFailureDetails? details) =>
        details is null
            ? new TaskFailureDetails("Unknown", "The activity failed without details.")
            : new TaskFailureDetails(details.ErrorType, details.ErrorMessage, details.StackTrace, details.InnerFailure is { } inner ? Convert(inner) : null);

    /// <summary>Drops log calls while the orchestration replays.</summary>
    private sealed class ReplaySafeLogger(IOrchestrationContext context, ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => !context.IsReplaying && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!context.IsReplaying)
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
#pragma warning restore CA2007
