using System.Threading.Channels;
using BetterTogether.Storage;
using BetterTogether.Workflow.Orchestration;

namespace BetterTogether.Workflow.Embedded;

/// <summary>
/// Runs one instance: a single-reader mailbox of new events; each drained batch is persisted as one
/// journal record together with the actions that replaying the code over it produced.
/// </summary>
internal sealed partial class InstanceWorker
{
    private readonly EmbeddedOrchestrationRuntime _runtime;
    private readonly Channel<WorkItem> _mailbox = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<int, ITimer> _timers = [];
    private readonly object _timerGate = new();
    private InstanceRecord _record;
    private List<HistoryEvent> _history = [];
    private int _generation;
    private int _batchCount;
    private bool _suspended;
    private Task _loop = Task.CompletedTask;
    private bool _started;

    private InstanceWorker(EmbeddedOrchestrationRuntime runtime, InstanceRecord record)
    {
        _runtime = runtime;
        _record = record;
    }

    public string InstanceId => _record.InstanceId;

    public Task Completion => _loop;

    public static InstanceWorker Create(EmbeddedOrchestrationRuntime runtime, InstanceRecord record) => new(runtime, record);

    /// <summary>Starts the mailbox loop; call once, after the worker is registered.</summary>
    public void Start()
    {
        _started = true;
        _loop = Task.Run(RunLoopAsync);
    }

    /// <summary>True once the loop has exited (or was never started).</summary>
    public bool HasExited => _started && _loop.IsCompleted;

    /// <summary>Mails an event; the task completes once it is persisted, or at once if the instance finished.</summary>
    public Task SendAsync(HistoryEvent e)
    {
        var ack = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_mailbox.Writer.TryWrite(new WorkItem(e, -1, ack)))
        {
            ack.TrySetResult();
        }

        return ack.Task;
    }

    /// <summary>Mails an activity result or timer firing of <paramref name="generation"/>.</summary>
    public void Post(HistoryEvent e, int generation) => _mailbox.Writer.TryWrite(new WorkItem(e, generation, null));

    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunLoopAsync()
    {
        var cancellationToken = _stop.Token;
        try
        {
            await LoadAsync(cancellationToken).ConfigureAwait(false);
            if (!_record.IsTerminal)
            {
                await ProcessAsync([], cancellationToken).ConfigureAwait(false);
            }

            while (!_record.IsTerminal && await _mailbox.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var items = new List<WorkItem>();
                while (_mailbox.Reader.TryRead(out var item))
                {
                    items.Add(item);
                }

                await ProcessAsync(items, cancellationToken).ConfigureAwait(false);
                foreach (var item in items)
                {
                    item.Ack?.TrySetResult();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (ArtifactConflictException ex)
        {
            Log.OwnershipLost(_runtime.Logger, ex, InstanceId);
        }
        catch (Exception ex)
        {
            Log.WorkerFaulted(_runtime.Logger, ex, InstanceId);
        }
        finally
        {
            _mailbox.Writer.TryComplete();
            while (_mailbox.Reader.TryRead(out var item))
            {
                item.Ack?.TrySetResult();
            }

            DisposeTimers();
            _runtime.OnWorkerExited(this, _record);
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var (generation, batchCount, events) = await _runtime.Journal.LoadAsync(InstanceId, cancellationToken).ConfigureAwait(false);
        (_generation, _batchCount, _history) = (generation, batchCount, events);
        if (_batchCount == 0)
        {
            // The status document was written but the host died before the first history record.
            await StartGenerationAsync(0, _record.Input, cancellationToken).ConfigureAwait(false);
        }
        else if (_history[^1].Type == HistoryEventType.ContinuedAsNew)
        {
            await StartGenerationAsync(_generation + 1, _history[^1].Data, cancellationToken).ConfigureAwait(false);
        }

        _suspended = false;
        foreach (var e in _history)
        {
            _suspended = e.Type switch
            {
                HistoryEventType.ExecutionSuspended => true,
                HistoryEventType.ExecutionResumed => false,
                _ => _suspended,
            };
        }

        if (_history.LastOrDefault(e => e.Type is HistoryEventType.ExecutionCompleted or HistoryEventType.ExecutionFailed or HistoryEventType.ExecutionTerminated) is { } end)
        {
            await FinishAsync(end, cancellationToken).ConfigureAwait(false);
            return;
        }

        var outstanding = Outstanding();
        var activities = outstanding.Count(e => e.Type == HistoryEventType.TaskScheduled);
        Log.InstanceLoaded(_runtime.Logger, InstanceId, _history.Count, activities, outstanding.Count - activities);
        Schedule(outstanding);
    }

    /// <summary>Scheduled activities without a result and timers that have not fired.</summary>
    private List<HistoryEvent> Outstanding()
    {
        var done = _history.Where(e => e.Type is HistoryEventType.TaskCompleted or HistoryEventType.TaskFailed or HistoryEventType.TimerFired)
            .Select(e => e.TaskId).ToHashSet();
        return _history.Where(e => e.Type is HistoryEventType.TaskScheduled or HistoryEventType.TimerCreated && !done.Contains(e.TaskId)).ToList();
    }

    private async Task StartGenerationAsync(int generation, string? input, CancellationToken cancellationToken)
    {
        var started = new HistoryEvent(HistoryEventType.ExecutionStarted, _runtime.Time.GetUtcNow()) { Name = _record.Name, Data = input };
        await _runtime.Journal.AppendAsync(InstanceId, generation, 0, [started], cancellationToken).ConfigureAwait(false);
        (_generation, _batchCount, _history) = (generation, 1, [started]);
        if (generation > 0)
        {
            await _runtime.Journal.DeleteAsync(InstanceId, generation, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Schedule(IEnumerable<HistoryEvent> actions)
    {
        foreach (var action in actions)
        {
            if (action.Type == HistoryEventType.TaskScheduled)
            {
                _runtime.Dispatcher.Dispatch(this, _generation, action);
            }
            else if (action.Type == HistoryEventType.TimerCreated)
            {
                ArmTimer(action.TaskId ?? -1, action.FireAt ?? action.Timestamp);
            }
        }
    }

    private void ArmTimer(int id, DateTimeOffset fireAt)
    {
        var generation = _generation;
        var due = fireAt - _runtime.Time.GetUtcNow();
        lock (_timerGate)
        {
            _timers[id] = _runtime.Time.CreateTimer(
                _ =>
                {
                    Post(new HistoryEvent(HistoryEventType.TimerFired, _runtime.Time.GetUtcNow()) { TaskId = id }, generation);
                    lock (_timerGate)
                    {
                        if (_timers.Remove(id, out var self))
                        {
                            self.Dispose();
                        }
                    }
                },
                null,
                due < TimeSpan.Zero ? TimeSpan.Zero : due,
                Timeout.InfiniteTimeSpan);
        }
    }

    private void DisposeTimers()
    {
        lock (_timerGate)
        {
            foreach (var timer in _timers.Values)
            {
                timer.Dispose();
            }

            _timers.Clear();
        }
    }
}
