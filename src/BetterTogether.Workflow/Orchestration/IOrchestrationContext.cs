using Microsoft.Extensions.Logging;

namespace BetterTogether.Workflow.Orchestration;

/// <summary>
/// What an orchestrator sees of its run; mirrors Durable Functions' <c>TaskOrchestrationContext</c>.
/// </summary>
/// <remarks>
/// Orchestrator code is replayed from its history, so it must be deterministic: time from
/// <see cref="CurrentUtcDateTime"/>, GUIDs from <see cref="NewGuid"/>, no I/O, no <c>Task.Run</c>,
/// no <c>DateTime.Now</c>, randomness only seeded from the input. All work happens in activities.
/// </remarks>
public interface IOrchestrationContext
{
    /// <summary>The orchestration's registered name.</summary>
    string Name { get; }

    /// <summary>The instance id.</summary>
    string InstanceId { get; }

    /// <summary>The replay-safe current time: when the current episode started, in UTC.</summary>
    DateTime CurrentUtcDateTime { get; }

    /// <summary>True while the code is re-executing past steps from history.</summary>
    bool IsReplaying { get; }

    /// <summary>Deserializes the orchestration input to <typeparamref name="T"/> (default when there is none).</summary>
    T? GetInput<T>();

    /// <summary>Schedules an activity and returns its deserialized result.</summary>
    /// <param name="name">The activity's registered name.</param>
    /// <param name="input">The activity input (JSON-serialized).</param>
    /// <param name="options">Retry policy and other options.</param>
    /// <exception cref="TaskFailedException">The activity failed (after all retries).</exception>
    Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null);

    /// <summary>Schedules an activity whose result is not needed.</summary>
    /// <exception cref="TaskFailedException">The activity failed (after all retries).</exception>
    Task CallActivityAsync(string name, object? input = null, TaskOptions? options = null);

    /// <summary>Creates a durable timer that fires at <paramref name="fireAt"/> (UTC).</summary>
    /// <param name="fireAt">When the timer fires.</param>
    /// <param name="cancellationToken">Cancels the wait (the task is then canceled).</param>
    Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    /// <summary>Creates a durable timer that fires after <paramref name="delay"/> from <see cref="CurrentUtcDateTime"/>.</summary>
    Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken);

    /// <summary>Waits for an event raised on this instance with <paramref name="name"/> (case-insensitive).</summary>
    /// <param name="name">The event name.</param>
    /// <param name="cancellationToken">Cancels the wait (the task is then canceled).</param>
    Task<T> WaitForExternalEvent<T>(string name, CancellationToken cancellationToken = default);

    /// <summary>Sets the custom status visible in the instance's status (JSON-serialized).</summary>
    void SetCustomStatus(object? customStatus);

    /// <summary>A deterministic name-based (RFC 4122 version 5) GUID derived from the instance id and a counter.</summary>
    Guid NewGuid();

    /// <summary>Restarts the orchestration with fresh history and <paramref name="newInput"/> once the current code returns.</summary>
    void ContinueAsNew(object? newInput);

    /// <summary>Wraps <paramref name="logger"/> so that nothing is logged while replaying.</summary>
    ILogger CreateReplaySafeLogger(ILogger logger);
}
