using System.Runtime.CompilerServices;
using BetterTogether.Api.Runs;
using BetterTogether.Cli.Optimize;
using BetterTogether.Durable;
using BetterTogether.Durable.Client;
using BetterTogether.Storage;
using BetterTogether.Workflow.Hosting;
using Microsoft.DurableTask.Client;

namespace BetterTogether.Cli.Serve;

/// <summary>
/// The runs <c>bt optimize</c> made in the same store, read-only: each keeps its own embedded database
/// (<see cref="DurableOptimizationBackend.DatabasePath"/>), so that this host's worker never resumes a run whose model or
/// data it may not have. The run endpoints list and show them; managing them is the CLI's.
/// </summary>
internal sealed class OptimizeCommandRuns(IArtifactStore store) : IReadOnlyRunSource
{
    /// <inheritdoc/>
    public string Origin => "bt optimize";

    /// <inheritdoc/>
    public string ManageHint => "Rerun the same bt optimize command to resume it, or delete its folders in the store.";

    /// <summary>The status of one <c>bt optimize</c> run, or null when there is none.</summary>
    public async Task<OrchestrationMetadata?> GetAsync(string runId, bool getInputsAndOutputs, CancellationToken cancellationToken)
    {
        if (!RunIdRules.IsValid(runId))
        {
            return null;
        }

        var path = DurableOptimizationBackend.DatabasePath(store, runId);
        return File.Exists(path) ? await ReadAsync(path, runId, getInputsAndOutputs, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>The <c>bt optimize</c> runs that match a query, by run id.</summary>
    public async IAsyncEnumerable<OrchestrationMetadata> ListAsync(OrchestrationQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var folder = DurableOptimizationBackend.DatabasesRoot(store);
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        var files = Directory.GetFiles(folder, "*" + DurableOptimizationBackend.DatabaseExtension).Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var runId = Path.GetFileNameWithoutExtension(file);
            if (query.InstanceIdPrefix is { } prefix && !runId.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var metadata = await ReadAsync(file, runId, query.FetchInputsAndOutputs, cancellationToken).ConfigureAwait(false);
            if (metadata is not null && Matches(query, metadata))
            {
                yield return metadata;
            }
        }
    }

    private static async Task<OrchestrationMetadata?> ReadAsync(string path, string runId, bool getInputsAndOutputs, CancellationToken cancellationToken)
    {
        try
        {
            var reader = DurableBackend.CreateReader(new DurableBackendOptions { Backend = DurableBackendKind.Embedded, EmbeddedDatabasePath = path });
            try
            {
                var client = new OrchestrationServiceDurableTaskClient(reader, new OrchestrationServiceDurableTaskClientOptions { DataConverter = OptimizationRuntime.DataConverter });
                await using (client.ConfigureAwait(false))
                {
                    return await client.GetInstanceAsync(runId, getInputsAndOutputs, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                (reader as IDisposable)?.Dispose();
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            // A damaged or foreign file must not break listing the other runs.
            return null;
        }
    }

    private static bool Matches(OrchestrationQuery query, OrchestrationMetadata metadata) =>
        (query.Statuses is not { } statuses || !statuses.Any() || statuses.Contains(metadata.RuntimeStatus))
        && (query.CreatedFrom is null || metadata.CreatedAt >= query.CreatedFrom)
        && (query.CreatedTo is null || metadata.CreatedAt <= query.CreatedTo);
}
