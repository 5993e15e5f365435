using System.Text.Json;
using BetterTogether.Core.Evaluation;
using BetterTogether.Core.FineTuning;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Core.State;
using BetterTogether.Durable;
using BetterTogether.Engine.Serving;
using BetterTogether.Hosting.Tests.Infrastructure;
using BetterTogether.Storage;
using BetterTogether.Testing.Azurite;
using BetterTogether.Workflow.Hosting;
using BetterTogether.Workflow.Optimization;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.AI;

namespace BetterTogether.Hosting.Tests.EndToEnd;

/// <summary>
/// A real run against Azurite (artifacts in Blob Storage, the Durable task hub in Azure Storage) with the bundled
/// model and the in-process fine-tuner: every artifact, the adapter included, is in the store, so the optimized program
/// reloads on a fresh location from the store alone and predicts the same as with the adapter where it was trained.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AdaptersInTheStoreEndToEndTests(AzuriteFixture azurite) : IDisposable
{
    private const int Examples = 4;
    private readonly string _root = Directory.CreateTempSubdirectory("bt-adapters-e2e-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task WeightStepRun_ReloadedOnAFreshLocationFromTheStoreAlone_PredictsTheSame()
    {
        var container = $"e2e-{Guid.NewGuid():N}"[..24];
        var first = Path.Combine(_root, "first");
        StepReport weight;
        IReadOnlyList<string> expected;
        using (var environment = HostedEnvironment.Create(Options(container, first)))
        {
            var report = await RunAsync(environment);
            weight = Assert.Single(report.Steps, s => s.Optimizer == "w");
            Assert.Null(weight.Skipped);
            var jobId = Assert.Single(weight.TrainingJobs!);
            Assert.Equal(new AdapterReference(jobId, $"adapters/{jobId}"), weight.Adapter);
            Assert.NotNull(await environment.Store.GetInfoAsync($"adapters/{jobId}/adapter_model.safetensors"));

            // Reference: the adapter as trained, read by the engine from the folder it was trained into.
            var trained = Path.Combine(first, "train", jobId);
            using var engine = new EngineChatClient(environment.Lm.LocalModel!);
            expected = await PredictAsync(engine, environment, weight.ProgramPath!, adapter => adapter with { Location = trained });
        }

        Directory.Delete(first, recursive: true);

        var second = Path.Combine(_root, "second");
        using var reloaded = HostedEnvironment.Create(Options(container, second));
        var actual = await PredictAsync(reloaded.ChatClient, reloaded, weight.ProgramPath!, adapter => adapter);

        Assert.Equal(expected, actual);
        var fetched = Assert.Single(Directory.GetDirectories(Path.Combine(second, "cache")));
        Assert.Equal([fetched], ((EngineChatClient)reloaded.Lm.Client.GetService(typeof(EngineChatClient))!).CachedAdapterLocations);
        Assert.False(Directory.Exists(Path.Combine(second, "train")), "reloading trained something");
    }

    private OptimizationEnvironmentOptions Options(string container, string folder) => new()
    {
        Store = azurite.ConnectionString,
        StoreContainer = container,
        Lm = new LmOptions { ModelFolder = BundledModel.Folder },
        AdapterRoot = Path.Combine(folder, "train"),
        AdapterCache = Path.Combine(folder, "cache"),
    };

    private async Task<OptimizationReport> RunAsync(IOptimizationEnvironment environment)
    {
        var backend = new DurableBackendOptions
        {
            Backend = DurableBackendKind.AzureStorage,
            AzureStorageConnectionString = azurite.ConnectionString,
            TaskHubName = $"bt{Guid.NewGuid():N}"[..20],
            MaxQueuePollingInterval = TimeSpan.FromMilliseconds(500),
        };
        await using var runtime = OptimizationRuntime.Create(environment, backend);
        await runtime.StartAsync();
        var id = await runtime.StartRunAsync(Request(), "adapters-e2e");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var status = await runtime.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.True(status.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{status.RuntimeStatus}: {status.FailureDetails?.ErrorMessage}");
        return status.ReadOutputAs<OptimizationReport>()!;
    }

    private static OptimizationRunRequest Request() => new()
    {
        Task = "iris",
        Strategy = "w",
        TrainSize = 8,
        ValSize = Examples,
        TestSize = Examples,
        MaxErrors = 10,
        EvaluationShards = 2,
        TraceShards = 2,
        FineTune = new FineTuneHyperparameters { Epochs = 1 },
        TrainingPollInterval = TimeSpan.FromMilliseconds(200),
        MaxTrainingPollInterval = TimeSpan.FromSeconds(1),
        ActivityRetryInterval = TimeSpan.FromSeconds(1),
    };

    /// <summary>The program at <paramref name="programPath"/> on <paramref name="chat"/>: each test example's prediction (or error).</summary>
    private static async Task<IReadOnlyList<string>> PredictAsync(IChatClient chat, IOptimizationEnvironment environment, string programPath, Func<AdapterReference, AdapterReference> locate)
    {
        var state = ProgramState.FromJson(await environment.Store.ReadTextAsync(programPath));
        state = state with { Predictors = [.. state.Predictors.Select(p => p with { Adapter = p.Adapter is null ? null : locate(p.Adapter) })] };
        Assert.All(state.Predictors, p => Assert.NotNull(p.Adapter));
        var task = environment.GetTask("iris", 0);
        var program = task.CreateProgram(new LanguageModel(chat, environment.ModelId));
        state.ApplyTo(program);
        var result = await new Evaluator(task.Metric, new EvaluatorOptions { MaxErrors = int.MaxValue }).EvaluateAsync(program, [.. task.Test.Take(Examples)]);
        return [.. result.Results.OrderBy(r => r.Index).Select(r => $"{JsonSerializer.Serialize(r.Prediction.ToDictionary())} {r.Error?.Message}")];
    }
}
