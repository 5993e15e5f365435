using Microsoft.DurableTask.Client;

namespace BetterTogether.Api.Runs;

/// <summary>
/// Runs a host shows but does not manage (bt serve shows the runs <c>bt optimize</c> made in the same store). Listing
/// and status include them with <see cref="RunStatusPayload.Origin"/> set to <see cref="Origin"/>; managing them answers 409.
/// </summary>
public interface IReadOnlyRunSource
{
    /// <summary>Who owns these runs, e.g. <c>bt optimize</c>.</summary>
    string Origin { get; }

    /// <summary>What a user does instead of managing one of these runs here (the 409's detail).</summary>
    string ManageHint { get; }

    /// <summary>One run's status, or null.</summary>
    Task<OrchestrationMetadata?> GetAsync(string runId, bool getInputsAndOutputs, CancellationToken cancellationToken);

    /// <summary>The runs that match a query.</summary>
    IAsyncEnumerable<OrchestrationMetadata> ListAsync(OrchestrationQuery query, CancellationToken cancellationToken);
}
