using BetterTogether.Functions.Binding;

namespace BetterTogether.Functions;

/// <summary>
/// What this app runs: the same orchestrators and activities the embedded runtime registers. The Workflow project
/// does not yet expose its optimization orchestration and activities (nor a public lookup on its registry); when it
/// does, register them here by the same names and factories as <c>bt serve</c> (see docs/AZURE.md).
/// </summary>
public static class WorkflowSetup
{
    /// <summary>Creates the catalog of orchestrators and activities.</summary>
    /// <param name="services">Services the activities need (store, chat client, fine-tuner).</param>
    /// <returns>The catalog.</returns>
    public static WorkflowCatalog CreateCatalog(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return new WorkflowCatalog();
    }
}
