namespace BetterTogether.Workflow.Orchestration;

/// <summary>Options of an activity call (Durable's <c>TaskOptions</c>).</summary>
/// <param name="Retry">Retries on failure; null for a single attempt.</param>
public sealed record TaskOptions(RetryPolicy? Retry = null)
{
    /// <summary>Options that retry with <paramref name="policy"/>.</summary>
    public static TaskOptions FromRetryPolicy(RetryPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new TaskOptions(policy);
    }
}
