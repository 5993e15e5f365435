using BetterTogether.Workflow.Optimization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace BetterTogether.Workflow.Hosting;

/// <summary>Starting runs of the BetterTogether orchestration through any <see cref="DurableTaskClient"/> (the local runtime's, or Azure Functions' <c>[DurableClient]</c>).</summary>
public static class OptimizationRuns
{
    private static readonly IReadOnlyList<string> FinishedStatuses =
        [nameof(OrchestrationRuntimeStatus.Completed), nameof(OrchestrationRuntimeStatus.Failed), nameof(OrchestrationRuntimeStatus.Terminated)];

    /// <summary>Starts a run.</summary>
    /// <param name="client">The Durable client.</param>
    /// <param name="request">The run request (validated by the caller).</param>
    /// <param name="instanceId">The run id (<see cref="RunIdRules"/>); a new GUID when null.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The run id.</returns>
    /// <remarks>A run id names one run: unlike Durable's default, an id whose run has finished is not replaced (its
    /// artifacts, report and schedule slot stay what they were), so a retried start or a second scheduler tick is a no-op.
    /// The local backends honour this in one step; see <see cref="IsTakenAsync"/> for hosts whose client may not.</remarks>
    /// <exception cref="ArgumentException">The id is not a valid run id.</exception>
    /// <exception cref="InvalidOperationException">The id is taken (DurableTask.Core's <c>OrchestrationAlreadyExistsException</c>).</exception>
    public static Task<string> StartAsync(DurableTaskClient client, OptimizationRunRequest request, string? instanceId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        if (instanceId is not null)
        {
            RunIdRules.Validate(instanceId);
        }

        var options = new StartOrchestrationOptions(instanceId) { DedupeStatuses = FinishedStatuses };
        return client.ScheduleNewOrchestrationInstanceAsync(OptimizationActivityNames.Orchestration, request, options, cancellationToken);
    }

    /// <summary>True when a run with this id exists (in any status).</summary>
    public static async Task<bool> IsTakenAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        return await client.GetInstanceAsync(instanceId, false, cancellationToken).ConfigureAwait(false) is not null;
    }
}
