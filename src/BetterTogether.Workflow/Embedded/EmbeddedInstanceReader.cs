using System.Runtime.CompilerServices;
using BetterTogether.Storage;
using BetterTogether.Workflow.Orchestration;

namespace BetterTogether.Workflow.Embedded;

/// <summary>
/// Reads the embedded runtime's instance status documents under one prefix without running anything: for a host
/// that shows instances another runtime owns (e.g. <c>bt serve</c> listing the runs of <c>bt optimize</c>).
/// </summary>
public sealed class EmbeddedInstanceReader
{
    private readonly InstanceRecordStore _records;

    /// <summary>Creates a reader.</summary>
    /// <param name="store">The artifact store.</param>
    /// <param name="instancesPrefix">The folder of the status documents (the runtime's <see cref="EmbeddedRuntimeOptions.InstancesPrefix"/>).</param>
    public EmbeddedInstanceReader(IArtifactStore store, string instancesPrefix)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(instancesPrefix);
        _records = new InstanceRecordStore(store, instancesPrefix);
    }

    internal EmbeddedInstanceReader(InstanceRecordStore records) => _records = records;

    /// <summary>One instance's status, or null when there is none.</summary>
    /// <param name="instanceId">The instance id.</param>
    /// <param name="getInputsAndOutputs">Whether to include input, output and custom status.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The status, or null.</returns>
    public async Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = true, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        var found = await _records.ReadAsync(instanceId, cancellationToken).ConfigureAwait(false);
        return found?.Record.ToMetadata(getInputsAndOutputs);
    }

    /// <summary>The instances that match a query, in the store's listing order.</summary>
    /// <param name="query">Filters (null: all).</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The statuses.</returns>
    public async IAsyncEnumerable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? query = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        query ??= new OrchestrationQuery();
        await foreach (var id in _records.ListIdsAsync(query.InstanceIdPrefix, cancellationToken).ConfigureAwait(false))
        {
            if (await _records.ReadAsync(id, cancellationToken).ConfigureAwait(false) is { } found)
            {
                var metadata = found.Record.ToMetadata(query.FetchInputsAndOutputs);
                if (query.Matches(metadata))
                {
                    yield return metadata;
                }
            }
        }
    }
}
