using Azure.Identity;
using BetterTogether.Core.FineTuning;
using BetterTogether.OpenAI.Configuration;
using BetterTogether.Storage;
using BetterTogether.Tasks.Registry;
using BetterTogether.Workflow.Optimization;
using BetterTogether.Workflow.Orchestration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BetterTogether.Functions;

/// <summary>
/// What this app runs: the same BetterTogether orchestration and activities that <c>bt serve</c> and <c>bt optimize</c>
/// register on the embedded runtime (<see cref="OptimizationWorkflow.AddBetterTogether"/>), over the artifact
/// store <c>BT_ARTIFACTS</c>/<c>BT_ARTIFACTS_CONTAINER</c>, the OpenAI-compatible LM of the <c>BT_LM_*</c> settings
/// (Entra tokens from the app's managed identity when <c>BT_LM_API_KEY=entra</c>) and the configured fine-tuner.
/// </summary>
public static class WorkflowSetup
{
    /// <summary>Creates the registry of orchestrators and activities.</summary>
    /// <param name="services">Services the activities need (configuration, fine-tuner).</param>
    /// <returns>The registry.</returns>
    /// <exception cref="InvalidOperationException">A required setting is missing.</exception>
    public static WorkflowRegistry CreateRegistry(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var configuration = services.GetRequiredService<IConfiguration>();
        var storeSpec = configuration["BT_ARTIFACTS"] is { Length: > 0 } spec ? spec : throw new InvalidOperationException("App setting BT_ARTIFACTS is required.");
        var store = ArtifactStores.Open(storeSpec, configuration["BT_ARTIFACTS_CONTAINER"] ?? ArtifactStores.DefaultContainerName);
        var lm = OpenAIEndpointSettings.FromEnvironment(key => configuration[key]);
        var modelId = lm.EffectiveModel ?? throw new InvalidOperationException("App setting BT_LM_MODEL (or BT_LM_DEPLOYMENT) is required.");
        var chat = OpenAIChatClientFactory.Create(lm, new DefaultAzureCredential());
        var environment = new OptimizationEnvironment(store, chat, modelId, services.GetRequiredService<IFineTuner>(), TaskCatalog.Resolve, services.GetRequiredService<TimeProvider>());
        return new WorkflowRegistry().AddBetterTogether(environment);
    }
}
