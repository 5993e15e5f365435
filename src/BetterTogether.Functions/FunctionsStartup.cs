using Azure.Core.Serialization;
using Azure.Identity;
using BetterTogether.Api;
using BetterTogether.Core.FineTuning;
using BetterTogether.OpenAI.Configuration;
using BetterTogether.Storage;
using BetterTogether.Tasks.Registry;
using BetterTogether.Workflow;
using BetterTogether.Workflow.Optimization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BetterTogether.Functions;

/// <summary>
/// The app's services: the <see cref="IOptimizationEnvironment"/> the activities use (the artifact store of
/// <see cref="AppSettings.Artifacts"/>, the OpenAI-compatible LM of the <c>BT_LM_*</c> settings, the fine-tuner of
/// <see cref="AppSettings.FineTuner"/>, the built-in tasks), the HTTP API's handlers and the schedule ticker.
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
        services.AddSingleton<IFineTuner>(sp => FineTunerSetup.Create(configuration, sp.GetRequiredService<HttpClient>()));
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
        var loggers = services.GetService<ILoggerFactory>();
        var store = ArtifactStores.Open(storeSpec, configuration[AppSettings.ArtifactsContainer] ?? ArtifactStores.DefaultContainerName, loggerFactory: loggers);
        var lm = OpenAIEndpointSettings.FromEnvironment(key => configuration[key]);
        var modelId = lm.EffectiveModel ?? throw new InvalidOperationException($"App setting {AppSettings.LmModel} is required.");
        var fineTuner = services.GetRequiredService<IFineTuner>();
        IChatClient chat;
        try
        {
            chat = OpenAIChatClientFactory.Create(lm, lm.UsesEntra ? new DefaultAzureCredential() : null, loggerFactory: loggers);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"The BT_LM_* app settings are invalid: {e.Message}", e);
        }

        return new OptimizationEnvironment(store, chat, modelId, fineTuner, TaskCatalog.Resolve, services.GetRequiredService<TimeProvider>());
    }
}
