using System.Collections.Concurrent;
using BetterTogether.Workflow.Orchestration;
using Microsoft.Extensions.Logging;

namespace BetterTogether.Workflow.Embedded;

/// <summary>Runs scheduled activities on the thread pool, at most N at once, and mails their results back.</summary>
internal sealed class ActivityDispatcher : IDisposable
{
    private readonly WorkflowRegistry _registry;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Task, byte> _running = new();

    public ActivityDispatcher(WorkflowRegistry registry, int maxConcurrency, TimeProvider time, ILogger logger)
    {
        _registry = registry;
        _time = time;
        _logger = logger;
        _slots = new SemaphoreSlim(maxConcurrency, maxConcurrency);
    }

    public void Dispatch(InstanceWorker worker, int generation, HistoryEvent scheduled)
    {
        var task = Task.Run(() => RunAsync(worker, generation, scheduled, _stop.Token));
        _running.TryAdd(task, 0);
        task.ContinueWith(t => _running.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_running.Keys).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _stop.Dispose();
        _slots.Dispose();
    }

    private async Task RunAsync(InstanceWorker worker, int generation, HistoryEvent scheduled, CancellationToken cancellationToken)
    {
        var name = scheduled.Name ?? string.Empty;
        var taskId = scheduled.TaskId ?? -1;
        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        HistoryEvent result;
        try
        {
            var activity = _registry.CreateActivity(name)
                ?? throw new InvalidOperationException($"No activity named '{name}' is registered.");
            var input = WorkflowJson.Deserialize(scheduled.Data, activity.InputType);
            var output = await activity.RunAsync(new ActivityContext(name, worker.InstanceId, taskId), input, cancellationToken).ConfigureAwait(false);
            result = new HistoryEvent(HistoryEventType.TaskCompleted, _time.GetUtcNow()) { TaskId = taskId, Data = WorkflowJson.Serialize(output) };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The runtime is stopping: the activity is re-run after restart, not recorded as failed.
            return;
        }
        catch (Exception ex)
        {
            Log.ActivityFailed(_logger, ex, name, taskId, worker.InstanceId);
            result = new HistoryEvent(HistoryEventType.TaskFailed, _time.GetUtcNow()) { TaskId = taskId, Failure = TaskFailureDetails.FromException(ex) };
        }
        finally
        {
            _slots.Release();
        }

        worker.Post(result, generation);
    }
}
