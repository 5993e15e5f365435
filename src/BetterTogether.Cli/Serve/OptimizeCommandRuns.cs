using System.Runtime.CompilerServices;
using BetterTogether.Cli.Optimize;
using BetterTogether.Storage;
using BetterTogether.Workflow.Embedded;
using BetterTogether.Workflow.Orchestration;

namespace BetterTogether.Cli.Serve;

/// <summary>
/// The runs <c>bt optimize</c> made in the same store, read-only: each keeps its instance record in its own folder
/// (<see cref="DurableOptimizationBackend.InstancesRoot"/>), so that this host's runtime never resumes a run whose
/// model or data it may not have. The run endpoints list and show them; managing them is the CLI's.
/// </summary>
internal sealed class OptimizeCommandRuns(IArtifactStore store)
{
    /// <summary>The status of one <c>bt optimize</c> run, or null when there is none.</summary>
    public Task<OrchestrationMetadata?> GetAsync(string runId, bool getInputsAndOutputs, CancellationToken cancellationToken) =>
        EmbeddedOrchestrationRuntime.IsValidInstanceId(runId)
            ? new EmbeddedInstanceReader(store, DurableOptimizationBackend.InstancesPrefix(runId)).GetInstanceAsync(runId, getInputsAndOutputs, cancellationToken)
            : Task.FromResult<OrchestrationMetadata?>(null);

    /// <summary>The <c>bt optimize</c> runs that match a query, by run id.</summary>
    public async IAsyncEnumerable<OrchestrationMetadata> ListAsync(OrchestrationQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var root = DurableOptimizationBackend.InstancesRoot + "/";
        var runIds = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var info in store.ListAsync(root + (query.InstanceIdPrefix ?? string.Empty), cancellationToken).ConfigureAwait(false))
        {
            var rest = info.Path[root.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0)
            {
                runIds.Add(rest[..slash]);
            }
        }

        foreach (var runId in runIds)
        {
            var reader = new EmbeddedInstanceReader(store, DurableOptimizationBackend.InstancesPrefix(runId));
            await foreach (var metadata in reader.GetAllInstancesAsync(query, cancellationToken).ConfigureAwait(false))
            {
                yield return metadata;
            }
        }
    }
}
