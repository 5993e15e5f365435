using System.Reflection;
using System.Text.Json;
using BetterTogether.Functions.Durable;
using BetterTogether.Workflow.Optimization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BetterTogether.Functions.Tests.Startup;

/// <summary>The app's startup registers everything its functions resolve, with the settings of local.settings.sample.json.</summary>
public sealed class FunctionsStartupTests
{
    [Fact]
    public void EveryFunctionClass_AndEveryActivity_ResolvesFromTheAppsServices()
    {
        using var services = BuildServices(SampleSettings());
        var functionClasses = typeof(FunctionsStartup).Assembly.GetTypes()
            .Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null))
            .ToList();
        Assert.Contains(typeof(OptimizationActivityFunctions), functionClasses);
        foreach (var type in functionClasses.Where(t => !(t.IsAbstract && t.IsSealed)))
        {
            Assert.NotNull(ActivatorUtilities.CreateInstance(services, type));
        }

        // Each activity function creates its activity class from the invocation's services.
        var activities = typeof(BetterTogetherOrchestration).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.GetCustomAttribute<DurableTaskAttribute>() is not null && t != typeof(BetterTogetherOrchestration))
            .ToList();
        Assert.Equal(9, activities.Count);
        foreach (var activity in activities)
        {
            Assert.NotNull(ActivatorUtilities.CreateInstance(services, activity));
        }

        var environment = services.GetRequiredService<IOptimizationEnvironment>();
        Assert.Equal(SampleSettings()[AppSettings.LmModel], environment.ModelId);
    }

    [Theory]
    [InlineData(AppSettings.Artifacts)]
    [InlineData(AppSettings.LmModel)]
    [InlineData(AppSettings.TrainerPath)]
    public void MissingSetting_FailsNamingIt(string key)
    {
        var settings = SampleSettings();
        settings.Remove(key);
        using var services = BuildServices(settings);
        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<IOptimizationEnvironment>());
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider BuildServices(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        FunctionsStartup.ConfigureServices(services, configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private static Dictionary<string, string?> SampleSettings()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.File("local.settings.sample.json")));
        var settings = document.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => (string?)p.Value.GetString());

        // The sample names the trainer as "<repo>/…/bt-trainer.dll" for the user to fill in; the dispatcher checks the file exists.
        settings[AppSettings.TrainerPath] = typeof(FunctionsStartupTests).Assembly.Location;
        return settings;
    }
}
