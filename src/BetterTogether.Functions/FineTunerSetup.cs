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
        ArgumentNullException.ThrowIfNull(configuration);
        var storeSpec = Require(configuration, "BT_ARTIFACTS");
        var container = configuration["BT_ARTIFACTS_CONTAINER"] ?? ArtifactStores.DefaultContainerName;
        var store = ArtifactStores.Open(storeSpec, container);
        IJobDispatcher dispatcher = (configuration["BT_FINETUNER"] ?? "process").ToUpperInvariant() switch
        {
            "CONTAINERAPPS" => new ContainerAppsJobDispatcher(
                http,
                new DefaultAzureCredential(),
                ContainerAppsJobOptions.FromResourceId(Require(configuration, "BT_TRAINER_JOB_RESOURCE_ID"), Require(configuration, "BT_TRAINER_IMAGE")) with
                {
                    Cpu = double.Parse(configuration["BT_TRAINER_CPU"] ?? "8", System.Globalization.CultureInfo.InvariantCulture),
                    Memory = configuration["BT_TRAINER_MEMORY"] ?? "56Gi",
                    Environment = configuration["AZURE_CLIENT_ID"] is { Length: > 0 } clientId ? new Dictionary<string, string> { ["AZURE_CLIENT_ID"] = clientId } : new Dictionary<string, string>(),
                }),
            "PROCESS" => new LocalProcessDispatcher(new LocalProcessDispatcherOptions { TrainerPath = Require(configuration, "BT_TRAINER_PATH") }),
            var other => throw new InvalidOperationException($"BT_FINETUNER '{other}' is not one of: containerapps, process."),
        };
        return new JobFineTuner(store, dispatcher, new JobFineTunerOptions
        {
            TrainerStoreConnection = storeSpec,
            Container = container,
            CheckpointEverySteps = int.Parse(configuration["BT_TRAINER_CHECKPOINT_STEPS"] ?? "0", System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    private static string Require(IConfiguration configuration, string key) =>
        configuration[key] is { Length: > 0 } value ? value : throw new InvalidOperationException($"App setting {key} is required.");
}
