using Azure.Core.Serialization;
using Azure.Identity;
using BetterTogether.Api;
using BetterTogether.Hosting;
using BetterTogether.OpenAI.Configuration;
using BetterTogether.Storage;
using BetterTogether.Workflow;
using BetterTogether.Workflow.Optimization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BetterTogether.Functions;

/// <summary>
/// The app's services: the <see cref="IOptimizationEnvironment"/> the activities use, built by the one composition
/// root (<see cref="HostedEnvironment"/>) from app settings (the artifact store of <see cref="AppSettings.Artifacts"/>,
/// the OpenAI-compatible LM of the <c>BT_LM_*</c> settings, the fine-tuner of <see cref="AppSettings.FineTuner"/>, the
/// built-in tasks), the HTTP API's handlers and the schedule ticker.
/// </summary>
public static class FunctionsStartup
{
    /// <summary>Registers everything the functions resolve.</summary>
    /// <param name="services">The worker's services.</param>
    /// <param name="configuration">App settings.</param>
    public static void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        // Activity and orchestration payloads in the same JSON as the local hosts (WorkflowJson: camelCase), so a run's
        // history reads the same everywhere; the Durable extension converts payloads with the worker's serializer.
        services.Configure<WorkerOptions>(o => o.Serializer = new JsonObjectSerializer(WorkflowJson.Options));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new HttpClient());
        services.AddSingleton<IOptimizationEnvironment>(sp => CreateEnvironment(configuration, sp));
        services.AddBetterTogetherApi();
    }

    /// <summary>The environment the activities use, from app settings.</summary>
    /// <exception cref="InvalidOperationException">A required setting is missing or invalid; the message names it.</exception>
    public static IOptimizationEnvironment CreateEnvironment(IConfiguration configuration, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(services);
        var storeSpec = configuration[AppSettings.Artifacts] is { Length: > 0 } spec
            ? spec
            : throw new InvalidOperationException($"App setting {AppSettings.Artifacts} is required (a blob endpoint, a connection string or UseDevelopmentStorage=true).");
        var lm = OpenAIEndpointSettings.FromEnvironment(key => configuration[key]);
        if (string.IsNullOrWhiteSpace(lm.EffectiveModel))
        {
            throw new InvalidOperationException($"App setting {AppSettings.LmModel} is required.");
        }

        var options = new OptimizationEnvironmentOptions
        {
            Store = storeSpec,
            StoreContainer = configuration[AppSettings.ArtifactsContainer] ?? ArtifactStores.DefaultContainerName,
            Lm = new LmOptions { Endpoint = lm, Credential = lm.UsesEntra ? new DefaultAzureCredential() : null },
            FineTuner = FineTunerSetup.CreateOptions(configuration),
            TimeProvider = services.GetRequiredService<TimeProvider>(),
        };
        try
        {
            return HostedEnvironment.Create(options, services.GetService<ILoggerFactory>(), services.GetRequiredService<HttpClient>());
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new InvalidOperationException($"The app settings ({AppSettings.Artifacts}, BT_LM_*, {AppSettings.FineTuner}) are invalid: {e.Message}", e);
        }
    }
}
