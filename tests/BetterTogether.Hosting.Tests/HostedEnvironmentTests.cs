using BetterTogether.Engine.FineTuning;
using BetterTogether.Engine.Serving;
using BetterTogether.Hosting.Tests.Infrastructure;
using BetterTogether.OpenAI.Configuration;
using BetterTogether.TrainingJobs.FineTuning;
using BetterTogether.Workflow.Adapters;

namespace BetterTogether.Hosting.Tests;

/// <summary>The one composition root: which LM, model id and fine-tuner each kind of settings gives.</summary>
public sealed class HostedEnvironmentTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("bt-hosted-environment-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Create_ModelFolder_ModelIdFollowsTheOneRule_TrainsInProcess_ServesStoredAdapters()
    {
        using var environment = HostedEnvironment.Create(Options(new LmOptions { ModelFolder = BundledModel.Folder }));

        Assert.Equal(LocalModel.IdOf(BundledModel.Folder), environment.ModelId);
        Assert.Equal(environment.ModelId, environment.Lm.LocalModel!.Name);
        Assert.IsType<InProcessFineTuner>(environment.FineTuner);
        Assert.IsType<StoredAdapterChatClient>(environment.ChatClient);
    }

    [Fact]
    public void Create_ModelFolderWithAnExplicitId_TheIdWins()
    {
        using var environment = HostedEnvironment.Create(Options(new LmOptions { ModelFolder = BundledModel.Folder, ModelId = "mine" }));

        Assert.Equal("mine", environment.ModelId);
    }

    [Fact]
    public async Task Create_EndpointAlone_NoFineTuner_WeightStepsSayWhatToConfigure()
    {
        using var environment = HostedEnvironment.Create(Options(new LmOptions { Endpoint = new OpenAIEndpointSettings { Endpoint = "http://127.0.0.1:9/v1", Model = "served-model" } }));

        Assert.Equal("served-model", environment.ModelId);
        Assert.Null(environment.Lm.LocalModel);
        Assert.IsNotType<StoredAdapterChatClient>(environment.ChatClient);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => environment.FineTuner.GetStatusAsync("bt-ft-1"));
        Assert.Contains("No fine-tuner is configured", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_LocalProcessJobs_JobFineTunerOverTheStore()
    {
        var options = Options(new LmOptions { Endpoint = new OpenAIEndpointSettings { Endpoint = "http://127.0.0.1:9/v1", Model = "m" } }) with
        {
            FineTuner = new FineTunerOptions { Kind = FineTunerKind.LocalProcess, TrainerPath = typeof(HostedEnvironmentTests).Assembly.Location },
        };

        using var environment = HostedEnvironment.Create(options);

        Assert.IsType<JobFineTuner>(environment.FineTuner);
    }

    [Theory]
    [InlineData(FineTunerKind.LocalProcess, "trainer's path")]
    [InlineData(FineTunerKind.ContainerApps, "Container Apps")]
    [InlineData(FineTunerKind.InProcess, "local model folder")]
    public void Create_FineTunerWithoutWhatItNeeds_SaysWhat(FineTunerKind kind, string expected)
    {
        var options = Options(new LmOptions { Endpoint = new OpenAIEndpointSettings { Endpoint = "http://127.0.0.1:9/v1", Model = "m" } }) with
        {
            FineTuner = new FineTunerOptions { Kind = kind },
        };

        var error = Assert.Throws<ArgumentException>(() => HostedEnvironment.Create(options));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_NoLm_SaysWhatToPass()
    {
        var error = Assert.Throws<ArgumentException>(() => HostedEnvironment.Create(new OptimizationEnvironmentOptions { Store = Path.Combine(_root, "store") }));
        Assert.Contains("No LM configured", error.Message, StringComparison.Ordinal);
    }

    private OptimizationEnvironmentOptions Options(LmOptions lm) => new()
    {
        Store = Path.Combine(_root, "store"),
        Lm = lm,
        AdapterRoot = Path.Combine(_root, "train"),
        AdapterCache = Path.Combine(_root, "cache"),
    };
}
