using System.Globalization;
using BetterTogether.Workflow.Orchestration;
using Microsoft.Extensions.Logging;

namespace BetterTogether.Workflow.Embedded;

/// <summary>
/// The context of one replay episode: answers the code's calls from the history where it can and
/// records the calls the history has not seen yet as new actions.
/// </summary>
/// <remarks>
/// Awaits here deliberately capture the <see cref="OrchestrationSynchronizationContext"/>, so every
/// continuation runs on the replaying thread in a deterministic order.
/// </remarks>
#pragma warning disable CA2007
internal sealed class ReplayOrchestrationContext : IOrchestrationContext
{
    private readonly string? _inputJson;
    private readonly IReadOnlyDictionary<int, HistoryEvent> _pastActions;
    private readonly Dictionary<int, (string Name, TaskCompletionSource<string?> Completion)> _open = [];
    private readonly Dictionary<string, Queue<TaskCompletionSource<string?>>> _eventWaiters = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Queue<string?>> _bufferedEvents = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<HistoryEvent> _suspendedEvents = [];
    private int _nextTaskId;
    private int _guidCounter;
    private bool _suspended;

    public ReplayOrchestrationContext(string name, string instanceId, string? inputJson, IReadOnlyDictionary<int, HistoryEvent> pastActions)
    {
        Name = name;
        InstanceId = instanceId;
        _inputJson = inputJson;
        _pastActions = pastActions;
    }

    public string Name { get; }

    public string InstanceId { get; }

    public DateTime CurrentUtcDateTime { get; private set; }

    public bool IsReplaying { get; set; }

    public List<HistoryEvent> NewActions { get; } = [];

    public HashSet<int> ProducedTaskIds { get; } = [];

    public string? CustomStatusJson { get; private set; }

    public bool ContinueAsNewRequested { get; private set; }

    public string? ContinueAsNewInputJson { get; private set; }

    public NonDeterministicOrchestrationException? NonDeterminism { get; private set; }

    public T? GetInput<T>() => WorkflowJson.Deserialize<T>(_inputJson);

    public async Task<TResult> CallActivityAsync<TResult>(string name, object? input = null, TaskOptions? options = null)
    {
        var json = await CallActivityWithRetryAsync(name, input, options?.Retry);
        return WorkflowJson.Deserialize<TResult>(json)!;
    }

    public Task CallActivityAsync(string name, object? input = null, TaskOptions? options = null)
        => CallActivityWithRetryAsync(name, input, options?.Retry);

    public Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        var id = _nextTaskId++;
        var fireAtUtc = new DateTimeOffset(fireAt.Kind == DateTimeKind.Local ? fireAt.ToUniversalTime() : DateTime.SpecifyKind(fireAt, DateTimeKind.Utc));
        Produce(id, HistoryEventType.TimerCreated, "timer", () => new HistoryEvent(HistoryEventType.TimerCreated, CurrentUtcDateTime) { TaskId = id, FireAt = fireAtUtc });
        var completion = new TaskCompletionSource<string?>();
        _open[id] = ("timer", completion);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() => completion.TrySetCanceled(cancellationToken));
        }

        return completion.Task;
    }

    public Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken) => CreateTimer(CurrentUtcDateTime + delay, cancellationToken);

    public async Task<T> WaitForExternalEvent<T>(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        string? json;
        if (_bufferedEvents.TryGetValue(name, out var buffered) && buffered.TryDequeue(out var payload))
        {
            json = payload;
        }
        else
        {
            var completion = new TaskCompletionSource<string?>();
            if (!_eventWaiters.TryGetValue(name, out var waiters))
            {
                _eventWaiters[name] = waiters = new Queue<TaskCompletionSource<string?>>();
            }

            waiters.Enqueue(completion);
            if (cancellationToken.CanBeCanceled)
            {
                cancellationToken.Register(() => completion.TrySetCanceled(cancellationToken));
            }

            json = await completion.Task;
        }

        return WorkflowJson.Deserialize<T>(json)!;
    }

    public void SetCustomStatus(object? customStatus) => CustomStatusJson = WorkflowJson.Serialize(customStatus);

    public Guid NewGuid() => DeterministicGuid.Create(string.Create(CultureInfo.InvariantCulture, $"{InstanceId}_{_guidCounter++}"));

    public void ContinueAsNew(object? newInput)
    {
        ContinueAsNewRequested = true;
        ContinueAsNewInputJson = WorkflowJson.Serialize(newInput);
    }

    public ILogger CreateReplaySafeLogger(ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return new ReplaySafeLogger(this, logger);
    }

    /// <summary>Feeds one history event to the waiting code; continuations are queued, not run.</summary>
    public void Deliver(HistoryEvent e)
    {
        switch (e.Type)
        {
            case HistoryEventType.OrchestratorStarted:
                CurrentUtcDateTime = e.Timestamp.UtcDateTime;
                break;
            case HistoryEventType.ExecutionSuspended:
                _suspended = true;
                break;
            case HistoryEventType.ExecutionResumed:
                _suspended = false;
                foreach (var held in _suspendedEvents)
                {
                    Deliver(held);
                }

                _suspendedEvents.Clear();
                break;
            case HistoryEventType.TaskCompleted or HistoryEventType.TaskFailed or HistoryEventType.TimerFired or HistoryEventType.EventRaised when _suspended:
                _suspendedEvents.Add(e);
                break;
            case HistoryEventType.TaskCompleted or HistoryEventType.TaskFailed or HistoryEventType.TimerFired:
                CompleteTask(e);
                break;
            case HistoryEventType.EventRaised:
                RaiseEvent(e.Name ?? string.Empty, e.Data);
                break;
            default:
                break;
        }
    }

    private async Task<string?> CallActivityWithRetryAsync(string name, object? input, RetryPolicy? retry)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var inputJson = WorkflowJson.Serialize(input);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ScheduleActivity(name, inputJson);
            }
            catch (TaskFailedException ex) when (retry is not null && attempt < retry.MaxNumberOfAttempts && (retry.Handle?.Invoke(ex.FailureDetails) ?? true))
            {
                await CreateTimer(CurrentUtcDateTime + retry.GetRetryDelay(attempt), CancellationToken.None);
            }
        }
    }

    private Task<string?> ScheduleActivity(string name, string? inputJson)
    {
        var id = _nextTaskId++;
        Produce(id, HistoryEventType.TaskScheduled, name, () => new HistoryEvent(HistoryEventType.TaskScheduled, CurrentUtcDateTime) { TaskId = id, Name = name, Data = inputJson });
        var completion = new TaskCompletionSource<string?>();
        _open[id] = (name, completion);
        return completion.Task;
    }

    private void Produce(int id, HistoryEventType type, string name, Func<HistoryEvent> create)
    {
        ProducedTaskIds.Add(id);
        if (_pastActions.TryGetValue(id, out var past))
        {
            if (past.Type != type || !string.Equals(past.Name ?? "timer", name, StringComparison.Ordinal))
            {
                throw Fail($"the code now schedules {Describe(type, name)} as task {id}, but the history recorded {Describe(past.Type, past.Name ?? "timer")} there");
            }
        }
        else
        {
            NewActions.Add(create());
        }
    }

    private void CompleteTask(HistoryEvent e)
    {
        var id = e.TaskId ?? -1;
        if (!_open.Remove(id, out var task))
        {
            if (!ProducedTaskIds.Contains(id))
            {
                Fail($"the history completes task {id}, which the code did not schedule");
            }

            return;
        }

        switch (e.Type)
        {
            case HistoryEventType.TaskFailed:
                task.Completion.TrySetException(new TaskFailedException(task.Name, id, e.Failure ?? new TaskFailureDetails("Unknown", "No failure details were recorded.")));
                break;
            default:
                task.Completion.TrySetResult(e.Data);
                break;
        }
    }

    private void RaiseEvent(string name, string? payload)
    {
        if (_eventWaiters.TryGetValue(name, out var waiters))
        {
            while (waiters.TryDequeue(out var waiter))
            {
                if (waiter.TrySetResult(payload))
                {
                    return;
                }
            }
        }

        if (!_bufferedEvents.TryGetValue(name, out var buffer))
        {
            _bufferedEvents[name] = buffer = new Queue<string?>();
        }

        buffer.Enqueue(payload);
    }

    private NonDeterministicOrchestrationException Fail(string what)
    {
        NonDeterminism ??= new NonDeterministicOrchestrationException(
            $"Non-deterministic orchestration '{Name}' (instance '{InstanceId}'): {what}. Orchestrator code must replay the same calls in the same order: take time, GUIDs and randomness from the context and do I/O only in activities; do not change the code of running instances.");
        return NonDeterminism;
    }

    private static string Describe(HistoryEventType type, string name)
        => type == HistoryEventType.TimerCreated ? "a timer" : $"activity '{name}'";
}
#pragma warning restore CA2007
