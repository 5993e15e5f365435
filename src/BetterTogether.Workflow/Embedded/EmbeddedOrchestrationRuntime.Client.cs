using System.Runtime.CompilerServices;
using BetterTogether.Storage;
using BetterTogether.Workflow.Orchestration;

namespace BetterTogether.Workflow.Embedded;

/// <summary>Instance management (<see cref="IOrchestrationClient"/>) of the embedded runtime.</summary>
public sealed partial class EmbeddedOrchestrationRuntime
{
    /// <inheritdoc/>
    public async Task<string> ScheduleNewOrchestrationInstanceAsync(string orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orchestratorName);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!Registry.HasOrchestrator(orchestratorName))
        {
            throw new ArgumentException($"No orchestrator named '{orchestratorName}' is registered.", nameof(orchestratorName));
        }

        var instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        ValidateInstanceId(instanceId);
        var now = Time.GetUtcNow();
        var record = new InstanceRecord(instanceId, orchestratorName, OrchestrationRuntimeStatus.Pending, now, now) { Input = WorkflowJson.Serialize(input) };
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var existing = await Records.ReadAsync(instanceId, cancellationToken).ConfigureAwait(false);
            if (existing is { } found && (!found.Record.IsTerminal || options?.AllowRestartOfCompleted != true))
            {
                throw new OrchestrationAlreadyExistsException($"Orchestration instance '{instanceId}' already exists with status {found.Record.RuntimeStatus}.");
            }

            if (_workers.TryGetValue(instanceId, out var finishing))
            {
                // The previous execution has recorded its end; let its worker exit before replacing it.
                await finishing.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            // Clears the history of the replaced instance, or one orphaned by a crash during a start.
            await Journal.DeleteAsync(instanceId, null, cancellationToken).ConfigureAwait(false);
            try
            {
                var condition = existing is { } old ? WriteCondition.IfMatch(old.ETag) : WriteCondition.IfNotExists;
                await Records.WriteAsync(record, condition, cancellationToken).ConfigureAwait(false);
            }
            catch (ArtifactConflictException ex)
            {
                throw new OrchestrationAlreadyExistsException($"Orchestration instance '{instanceId}' was created concurrently.", ex);
            }

            var started = new HistoryEvent(HistoryEventType.ExecutionStarted, now) { Name = orchestratorName, Data = record.Input };
            await Journal.AppendAsync(instanceId, 0, 0, [started], cancellationToken).ConfigureAwait(false);
            Log.InstanceScheduled(Logger, orchestratorName, instanceId);
            if (_started)
            {
                StartWorker(record);
            }
        }
        finally
        {
            _gate.Release();
        }

        return instanceId;
    }

    /// <inheritdoc/>
    public Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = true, CancellationToken cancellationToken = default) =>
        Reader.GetInstanceAsync(instanceId, getInputsAndOutputs, cancellationToken);

    /// <inheritdoc/>
    public IAsyncEnumerable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? query = null, CancellationToken cancellationToken = default) =>
        Reader.GetAllInstancesAsync(query, cancellationToken);

    /// <inheritdoc/>
    public Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        return SendAsync(instanceId, new HistoryEvent(HistoryEventType.EventRaised, Time.GetUtcNow()) { Name = eventName, Data = WorkflowJson.Serialize(eventPayload) }, cancellationToken);
    }

    /// <inheritdoc/>
    public Task TerminateInstanceAsync(string instanceId, object? output = null, CancellationToken cancellationToken = default)
        => SendAsync(instanceId, new HistoryEvent(HistoryEventType.ExecutionTerminated, Time.GetUtcNow()) { Data = WorkflowJson.Serialize(output) }, cancellationToken);

    /// <inheritdoc/>
    public Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default)
        => SendAsync(instanceId, new HistoryEvent(HistoryEventType.ExecutionSuspended, Time.GetUtcNow()) { Reason = reason }, cancellationToken);

    /// <inheritdoc/>
    public Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default)
        => SendAsync(instanceId, new HistoryEvent(HistoryEventType.ExecutionResumed, Time.GetUtcNow()) { Reason = reason }, cancellationToken);

    /// <inheritdoc/>
    public async Task<bool> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await Records.ReadAsync(instanceId, cancellationToken).ConfigureAwait(false) is not { } found)
            {
                return false;
            }

            if (!found.Record.IsTerminal)
            {
                throw new InvalidOperationException($"Instance '{instanceId}' is {found.Record.RuntimeStatus}: terminate it or wait for it to finish before purging.");
            }

            await Journal.DeleteAsync(instanceId, null, cancellationToken).ConfigureAwait(false);
            return await Records.DeleteAsync(instanceId, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = true, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        while (true)
        {
            var signal = _finishSignals.GetOrAdd(instanceId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            var metadata = await GetInstanceAsync(instanceId, getInputsAndOutputs, cancellationToken).ConfigureAwait(false)
                ?? throw new OrchestrationNotFoundException($"No orchestration instance has id '{instanceId}'.");
            if (metadata.IsCompleted)
            {
                return metadata;
            }

            // The signal covers instances run here; the poll covers instances run by another host.
            await Task.WhenAny(signal.Task, Task.Delay(_options.StatusPollInterval, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private async Task SendAsync(string instanceId, HistoryEvent e, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        var worker = await GetWorkerAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (worker is null)
        {
            Log.EventDropped(Logger, e.Type.ToString(), instanceId);
            return;
        }

        await worker.SendAsync(e).WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
