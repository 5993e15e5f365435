using System.Globalization;
using Azure.Identity;
using BetterTogether.Hosting;
using BetterTogether.TrainingJobs.ContainerApps;
using Microsoft.Extensions.Configuration;

namespace BetterTogether.Functions;

/// <summary>
/// Reads the fine-tuner's app settings into the composition root's <see cref="FineTunerOptions"/>:
/// <c>BT_FINETUNER=containerapps</c> dispatches <c>bt-trainer</c> to the Container Apps job
/// <c>BT_TRAINER_JOB_RESOURCE_ID</c> (image <c>BT_TRAINER_IMAGE</c>, ARM tokens from the app's managed identity);
/// <c>process</c> runs <c>BT_TRAINER_PATH</c> locally (func start). The trainer opens the app's artifact store
/// (<c>BT_ARTIFACTS</c> / <c>BT_ARTIFACTS_CONTAINER</c>); <c>BT_TRAINER_CHECKPOINT_STEPS</c> turns on resumable checkpoints.
/// </summary>
public static class FineTunerSetup
{
    /// <summary>The fine-tuner options of the app settings.</summary>
    /// <param name="configuration">App settings.</param>
    /// <returns>The options.</returns>
    /// <exception cref="InvalidOperationException">A required setting is missing or invalid; the message names it.</exception>
    public static FineTunerOptions CreateOptions(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        try
        {
            return CreateCore(configuration);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new InvalidOperationException($"The fine-tuner app settings ({AppSettings.FineTuner}, BT_TRAINER_*) are invalid: {e.Message}", e);
        }
    }

    private static FineTunerOptions CreateCore(IConfiguration configuration)
    {
        var options = new FineTunerOptions
        {
            TrainerStoreConnection = Require(configuration, AppSettings.Artifacts),
            CheckpointEverySteps = int.Parse(configuration[AppSettings.TrainerCheckpointSteps] ?? "0", CultureInfo.InvariantCulture),
            TrainerBackend = configuration[AppSettings.TrainerBackend] is { Length: > 0 } backend ? backend : "cpu",
        };
        options = (configuration[AppSettings.FineTuner] ?? "process").ToUpperInvariant() switch
        {
            "CONTAINERAPPS" => options with
            {
                Kind = FineTunerKind.ContainerApps,
                Credential = new DefaultAzureCredential(),
                ContainerApps = ContainerAppsJobOptions.FromResourceId(Require(configuration, AppSettings.TrainerJobResourceId), Require(configuration, AppSettings.TrainerImage)) with
                {
                    Cpu = double.Parse(configuration[AppSettings.TrainerCpu] ?? "8", CultureInfo.InvariantCulture),
                    Memory = configuration[AppSettings.TrainerMemory] ?? "56Gi",
                    Environment = configuration[AppSettings.AzureClientId] is { Length: > 0 } clientId ? new Dictionary<string, string> { ["AZURE_CLIENT_ID"] = clientId } : new Dictionary<string, string>(),
                },
            },
            "PROCESS" => options with { Kind = FineTunerKind.LocalProcess, TrainerPath = Require(configuration, AppSettings.TrainerPath) },
            var other => throw new InvalidOperationException($"{AppSettings.FineTuner} '{other}' is not one of: containerapps, process."),
        };
        options.Validate();
        return options;
    }

    internal static string Require(IConfiguration configuration, string key) =>
        configuration[key] is { Length: > 0 } value ? value : throw new InvalidOperationException($"App setting {key} is required.");
}
