using Azure.Identity;
using BetterTogether.Core.FineTuning;
using BetterTogether.Storage;
using BetterTogether.TrainingJobs.ContainerApps;
using BetterTogether.TrainingJobs.Dispatch;
using BetterTogether.TrainingJobs.FineTuning;
using BetterTogether.TrainingJobs.Local;
using Microsoft.Extensions.Configuration;

namespace BetterTogether.Functions;

/// <summary>
/// Builds the fine-tuner activities use from app settings: <c>BT_FINETUNER=containerapps</c> dispatches
/// <c>bt-trainer</c> to the Container Apps job <c>BT_TRAINER_JOB_RESOURCE_ID</c> (image <c>BT_TRAINER_IMAGE</c>,
/// ARM tokens from the app's managed identity); <c>process</c> runs <c>BT_TRAINER_PATH</c> locally (func start).
/// The artifact store is <c>BT_ARTIFACTS</c> / <c>BT_ARTIFACTS_CONTAINER</c>; <c>BT_TRAINER_CHECKPOINT_STEPS</c> turns on
/// resumable checkpoints.
/// </summary>
public static class FineTunerSetup
{
    /// <summary>Creates the fine-tuner.</summary>
    /// <param name="configuration">App settings.</param>
    /// <param name="http">HTTP client for ARM.</param>
    /// <returns>The fine-tuner.</returns>
    /// <exception cref="InvalidOperationException">A required setting is missing.</exception>
    public static IFineTuner Create(IConfiguration configuration, HttpClient http)
    {
        try
        {
            return CreateCore(configuration, http);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new InvalidOperationException($"The fine-tuner app settings ({AppSettings.FineTuner}, BT_TRAINER_*) are invalid: {e.Message}", e);
        }
    }

    private static IFineTuner CreateCore(IConfiguration configuration, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var storeSpec = Require(configuration, AppSettings.Artifacts);
        var container = configuration[AppSettings.ArtifactsContainer] ?? ArtifactStores.DefaultContainerName;
        var store = ArtifactStores.Open(storeSpec, container);
        IJobDispatcher dispatcher = (configuration[AppSettings.FineTuner] ?? "process").ToUpperInvariant() switch
        {
            "CONTAINERAPPS" => new ContainerAppsJobDispatcher(
                http,
                new DefaultAzureCredential(),
                ContainerAppsJobOptions.FromResourceId(Require(configuration, AppSettings.TrainerJobResourceId), Require(configuration, AppSettings.TrainerImage)) with
                {
                    Cpu = double.Parse(configuration[AppSettings.TrainerCpu] ?? "8", System.Globalization.CultureInfo.InvariantCulture),
                    Memory = configuration[AppSettings.TrainerMemory] ?? "56Gi",
                    Environment = configuration[AppSettings.AzureClientId] is { Length: > 0 } clientId ? new Dictionary<string, string> { ["AZURE_CLIENT_ID"] = clientId } : new Dictionary<string, string>(),
                }),
            "PROCESS" => new LocalProcessDispatcher(new LocalProcessDispatcherOptions { TrainerPath = Require(configuration, AppSettings.TrainerPath) }),
            var other => throw new InvalidOperationException($"{AppSettings.FineTuner} '{other}' is not one of: containerapps, process."),
        };
        return new JobFineTuner(store, dispatcher, new JobFineTunerOptions
        {
            TrainerStoreConnection = storeSpec,
            Container = container,
            CheckpointEverySteps = int.Parse(configuration[AppSettings.TrainerCheckpointSteps] ?? "0", System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    private static string Require(IConfiguration configuration, string key) =>
        configuration[key] is { Length: > 0 } value ? value : throw new InvalidOperationException($"App setting {key} is required.");
}
