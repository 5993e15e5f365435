namespace BetterTogether.Api.Runs;

/// <summary>The management URIs of a run (Durable Functions' <c>CreateCheckStatusResponse</c> payload).</summary>
/// <param name="Id">The instance (run) id.</param>
/// <param name="StatusQueryGetUri">GET: the status.</param>
/// <param name="SendEventPostUri">POST: raise an event (replace <c>{eventName}</c>).</param>
/// <param name="TerminatePostUri">POST: terminate (replace <c>{text}</c> with a reason).</param>
/// <param name="PurgeHistoryDeleteUri">DELETE: purge the finished run's status and history.</param>
/// <param name="SuspendPostUri">POST: suspend.</param>
/// <param name="ResumePostUri">POST: resume.</param>
/// <param name="ArtifactsGetUri">GET: a run artifact (replace <c>{path}</c>, e.g. <c>report.json</c>).</param>
public sealed record ManagementPayload(
    string Id,
    string StatusQueryGetUri,
    string SendEventPostUri,
    string TerminatePostUri,
    string PurgeHistoryDeleteUri,
    string SuspendPostUri,
    string ResumePostUri,
    string ArtifactsGetUri)
{
    /// <summary>The payload for run <paramref name="id"/> under <paramref name="baseUri"/> (scheme, host and path base).</summary>
    public static ManagementPayload For(string baseUri, string id)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var run = $"{baseUri.TrimEnd('/')}/{ApiRoutes.Prefix}/runs/{Uri.EscapeDataString(id)}";
        return new ManagementPayload(
            id,
            run,
            $"{run}/raiseEvent/{{eventName}}",
            $"{run}/terminate?reason={{text}}",
            run,
            $"{run}/suspend?reason={{text}}",
            $"{run}/resume?reason={{text}}",
            $"{run}/artifacts/{{path}}");
    }
}
