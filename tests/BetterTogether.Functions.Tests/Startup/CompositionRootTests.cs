using System.Text.Json;
using BetterTogether.Hosting;
using BetterTogether.TrainingJobs.FineTuning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BetterTogether.Functions.Tests.Startup;

/// <summary>The app's environment comes from the composition root bt serve and bt optimize use.</summary>
public sealed class CompositionRootTests
{
    [Fact]
    public void CreateEnvironment_SampleSettings_TheRootsEnvironmentOverTheEndpointAndTheJobFineTuner()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.File("local.settings.sample.json")));
        var settings = document.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => (string?)p.Value.GetString());
        settings[AppSettings.TrainerPath] = typeof(CompositionRootTests).Assembly.Location;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddSingleton(TimeProvider.System).AddSingleton(new HttpClient()).BuildServiceProvider();

        using var environment = Assert.IsType<HostedEnvironment>(FunctionsStartup.CreateEnvironment(configuration, services));

        Assert.Equal(settings[AppSettings.LmModel], environment.ModelId);
        Assert.Null(environment.Lm.LocalModel);
        Assert.IsType<JobFineTuner>(environment.FineTuner);
    }
}
