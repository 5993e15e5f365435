using DurableTask.Core;
using DurableTask.Core.Query;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using CorePurgeInstanceFilter = DurableTask.Core.PurgeInstanceFilter;
using CoreQuery = DurableTask.Core.Query.OrchestrationQuery;
using OrchestrationQuery = Microsoft.DurableTask.Client.OrchestrationQuery;
using PurgeResult = Microsoft.DurableTask.Client.PurgeResult;

namespace BetterTogether.Durable.Client;

/// <summary>Reading, listing, waiting for and purging instances.</summary>
public sealed partial class OrchestrationServiceDurableTaskClient
{
    /// <inheritdoc/>
    public override async Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        cancellation.ThrowIfCancellationRequested();
        var states = await _service.GetOrchestrationStateAsync(instanceId, allExecutions: false).ConfigureAwait(false);
        return states?.FirstOrDefault() is { } state ? state.ToMetadata(Converter, getInputsAndOutputs) : null;
    }

    /// <summary>Lists instances page by page, filtered by status, creation time and instance id prefix.</summary>
    /// <exception cref="NotSupportedException">The service does not implement <see cref="IOrchestrationServiceQueryClient"/>.</exception>
    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null)
    {
        var queries = As<IOrchestrationServiceQueryClient>();
        return Pageable.Create(async (continuation, pageSize, cancellation) =>
        {
            var query = new CoreQuery
            {
                RuntimeStatus = filter?.Statuses?.Select(status => status.ToCore()).ToList(),
                CreatedTimeFrom = filter?.CreatedFrom?.UtcDateTime,
                CreatedTimeTo = filter?.CreatedTo?.UtcDateTime,
                InstanceIdPrefix = filter?.InstanceIdPrefix,
                PageSize = pageSize ?? filter?.PageSize ?? OrchestrationQuery.DefaultPageSize,
                ContinuationToken = continuation ?? filter?.ContinuationToken,
                FetchInputsAndOutputs = filter?.FetchInputsAndOutputs ?? false,
            };
            var result = await queries.GetOrchestrationWithQueryAsync(query, cancellation).ConfigureAwait(false);
            var page = result.OrchestrationState.Select(state => state.ToMetadata(Converter, query.FetchInputsAndOutputs)).ToList();
            return new Page<OrchestrationMetadata>(page, result.ContinuationToken);
        });
    }

    /// <summary>Polls until the instance has left the pending status.</summary>
    /// <exception cref="InvalidOperationException">No instance has the id.</exception>
    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        PollAsync(instanceId, getInputsAndOutputs, metadata => metadata.RuntimeStatus != OrchestrationRuntimeStatus.Pending, cancellation);

    /// <summary>Polls until the instance has completed, failed or been terminated.</summary>
    /// <exception cref="InvalidOperationException">No instance has the id.</exception>
    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        PollAsync(instanceId, getInputsAndOutputs, metadata => metadata.IsCompleted, cancellation);

    /// <summary>Deletes a finished instance and its history. Not recursive.</summary>
    /// <exception cref="InvalidOperationException">The instance has not finished.</exception>
    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        var purger = As<IOrchestrationServicePurgeClient>();
        var existing = await GetInstanceAsync(instanceId, cancellation).ConfigureAwait(false);
        if (existing is null)
        {
            return new PurgeResult(0);
        }

        if (!existing.IsCompleted)
        {
            throw new InvalidOperationException(
                $"Only finished orchestrations can be purged; instance '{instanceId}' is {existing.RuntimeStatus}.");
        }

        var result = await purger.PurgeInstanceStateAsync(instanceId).ConfigureAwait(false);
        return new PurgeResult(result.DeletedInstanceCount, result.IsComplete);
    }

    /// <summary>Deletes the instances that match the filter, and their history. Not recursive.</summary>
    public override async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var purger = As<IOrchestrationServicePurgeClient>();
        cancellation.ThrowIfCancellationRequested();
        var coreFilter = new CorePurgeInstanceFilter(
            (filter.CreatedFrom ?? DateTimeOffset.MinValue).UtcDateTime,
            filter.CreatedTo?.UtcDateTime,
            filter.Statuses?.Select(status => status.ToCore()))
        {
            Timeout = filter.Timeout,
        };
        var result = await purger.PurgeInstanceStateAsync(coreFilter).ConfigureAwait(false);
        return new PurgeResult(result.DeletedInstanceCount, result.IsComplete);
    }

    private async Task<OrchestrationMetadata> PollAsync(
        string instanceId, bool getInputsAndOutputs, Func<OrchestrationMetadata, bool> done, CancellationToken cancellation)
    {
        while (true)
        {
            var metadata = await GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"No orchestration instance with ID '{instanceId}' exists.");
            if (done(metadata))
            {
                return metadata;
            }

            await Task.Delay(_options.PollingInterval, _time, cancellation).ConfigureAwait(false);
        }
    }

    private T As<T>()
        where T : class =>
        _service as T ?? throw new NotSupportedException($"The orchestration service {_service.GetType().Name} does not implement {typeof(T).Name}.");
}
