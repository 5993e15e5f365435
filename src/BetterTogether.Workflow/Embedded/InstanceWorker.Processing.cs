using BetterTogether.Storage;
using BetterTogether.Workflow.Orchestration;

namespace BetterTogether.Workflow.Embedded;

/// <summary>Episode processing of <see cref="InstanceWorker"/>.</summary>
internal sealed partial class InstanceWorker
{
    private async Task ProcessAsync(List<WorkItem> items, CancellationToken cancellationToken)
    {
        var batch = new List<HistoryEvent>();
        HistoryEvent? terminate = null;
        foreach (var item in items)
        {
            var e = item.Event;
            if (item.Generation >= 0 && item.Generation != _generation)
            {
                continue; // a result of an execution that continued as new
            }

            switch (e.Type)
            {
                case HistoryEventType.ExecutionTerminated:
                    terminate ??= e;
                    break;
                case HistoryEventType.ExecutionSuspended when !_suspended:
                case HistoryEventType.ExecutionResumed when _suspended:
                    _suspended = e.Type == HistoryEventType.ExecutionSuspended;
                    batch.Add(e);
                    break;
                case HistoryEventType.ExecutionSuspended or HistoryEventType.ExecutionResumed:
                    break;
                default:
                    batch.Add(e);
                    break;
            }
        }

        if (terminate is not null)
        {
            batch.Add(terminate);
            await AppendAsync(batch, cancellationToken).ConfigureAwait(false);
            await FinishAsync(terminate, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (_suspended)
        {
            // Results and events received while suspended are journaled and delivered to the code on resume.
            if (batch.Count > 0)
            {
                await AppendAsync(batch, cancellationToken).ConfigureAwait(false);
            }

            await SaveRecordAsync(_record with { RuntimeStatus = OrchestrationRuntimeStatus.Suspended }, cancellationToken).ConfigureAwait(false);
            return;
        }

        var now = _runtime.Time.GetUtcNow();
        batch.Insert(0, new HistoryEvent(HistoryEventType.OrchestratorStarted, now));
        var pastCount = _history.Count;
        var replay = new List<HistoryEvent>(_history.Count + batch.Count);
        replay.AddRange(_history);
        replay.AddRange(batch);
        var result = OrchestrationEpisode.Run(_runtime.Registry.CreateOrchestrator(_record.Name), _record.Name, InstanceId, replay, pastCount);
        batch.AddRange(result.NewActions);
        if (result.Outcome is { } outcome)
        {
            batch.Add(new HistoryEvent(outcome, now) { Data = result.Data, Failure = result.Failure, CustomStatus = result.CustomStatusJson });
        }

        await AppendAsync(batch, cancellationToken).ConfigureAwait(false);
        switch (result.Outcome)
        {
            case HistoryEventType.ExecutionCompleted or HistoryEventType.ExecutionFailed:
                await FinishAsync(batch[^1], cancellationToken).ConfigureAwait(false);
                break;
            case HistoryEventType.ContinuedAsNew:
                DisposeTimers();
                await StartGenerationAsync(_generation + 1, result.Data, cancellationToken).ConfigureAwait(false);
                await SaveRecordAsync(_record with { RuntimeStatus = OrchestrationRuntimeStatus.Running, Input = result.Data, CustomStatus = result.CustomStatusJson, Generation = _generation }, cancellationToken).ConfigureAwait(false);
                await ProcessAsync([], cancellationToken).ConfigureAwait(false);
                break;
            default:
                Schedule(result.NewActions);
                await SaveRecordAsync(_record with { RuntimeStatus = OrchestrationRuntimeStatus.Running, CustomStatus = result.CustomStatusJson }, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private async Task AppendAsync(List<HistoryEvent> batch, CancellationToken cancellationToken)
    {
        await _runtime.Journal.AppendAsync(InstanceId, _generation, _batchCount, batch, cancellationToken).ConfigureAwait(false);
        _batchCount++;
        _history.AddRange(batch);
    }

    private async Task FinishAsync(HistoryEvent end, CancellationToken cancellationToken)
    {
        DisposeTimers();
        var status = end.Type switch
        {
            HistoryEventType.ExecutionCompleted => OrchestrationRuntimeStatus.Completed,
            HistoryEventType.ExecutionFailed => OrchestrationRuntimeStatus.Failed,
            _ => OrchestrationRuntimeStatus.Terminated,
        };
        var customStatus = end.Type == HistoryEventType.ExecutionTerminated ? _record.CustomStatus : end.CustomStatus;
        await SaveRecordAsync(_record with { RuntimeStatus = status, Output = end.Data, Failure = end.Failure, CustomStatus = customStatus }, cancellationToken).ConfigureAwait(false);
        Log.InstanceFinished(_runtime.Logger, InstanceId, status.ToString());
    }

    private async Task SaveRecordAsync(InstanceRecord record, CancellationToken cancellationToken)
    {
        record = record with { LastUpdatedAt = _runtime.Time.GetUtcNow() };
        await _runtime.Records.WriteAsync(record, WriteCondition.None, cancellationToken).ConfigureAwait(false);
        _record = record;
    }
}
