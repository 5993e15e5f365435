using BetterTogether.Core.FineTuning;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Core.State;
using BetterTogether.Storage;
using BetterTogether.Storage.FileSystem;
using BetterTogether.Workflow.Hosting;
using BetterTogether.Workflow.Optimization;
using BetterTogether.Workflow.Tests.Optimization;
using Microsoft.DurableTask.Client;

namespace BetterTogether.Workflow.Tests.Adapters;

/// <summary>A weight step whose fine-tuner trains into a local folder: the run names the adapter by store path.</summary>
public sealed class WeightStepAdapterTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("bt-weight-adapters-").FullName;
    private readonly DurableBackends.Embedded _backends = new();

    public void Dispose()
    {
        _backends.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task WeightStep_FineTunerTrainsIntoALocalFolder_ProgramAndReportNameTheStorePath()
    {
        var store = new FileArtifactStore(Path.Combine(_root, "store"));
        var tuner = new LocalFolderFineTuner(Path.Combine(_root, "train"));

        var report = await RunAsync(store, tuner, "run-1");

        var weight = Assert.Single(report.Steps);
        var jobId = Assert.Single(weight.TrainingJobs!);
        Assert.Equal(new AdapterReference(jobId, $"adapters/{jobId}"), weight.Adapter);
        var program = ProgramState.FromJson(await store.ReadTextAsync(weight.ProgramPath!));
        Assert.All(program.Predictors, p => Assert.Equal($"adapters/{jobId}", p.Adapter!.Location));
        AdapterFolders.AssertSameFiles(Path.Combine(_root, "train", jobId), store.DescribeLocation($"adapters/{jobId}"));
    }

    [Fact]
    public async Task WeightStep_AdapterAlreadyInTheStore_IsReusedWithoutTraining()
    {
        var store = new FileArtifactStore(Path.Combine(_root, "store"));
        await RunAsync(store, new LocalFolderFineTuner(Path.Combine(_root, "train")), "run-1");
        Directory.Delete(Path.Combine(_root, "train"), recursive: true);

        // Another host of the same store, whose local folders are empty: the same data does not train again.
        var fresh = new LocalFolderFineTuner(Path.Combine(_root, "train-elsewhere"));
        var report = await RunAsync(store, fresh, "run-2");

        Assert.Equal(0, fresh.Starts);
        Assert.StartsWith("adapters/", report.Steps.Single().Adapter!.Location, StringComparison.Ordinal);
    }

    private async Task<OptimizationReport> RunAsync(IArtifactStore store, IFineTuner tuner, string runId)
    {
        var environment = new OptimizationEnvironment(store, new AdditionLm { WrongWithoutAdapter = false }, OptimizationHarness.ModelId, tuner, AdditionTask.Resolve);
        await using var runtime = OptimizationRuntime.Create(environment, _backends.Create());
        await runtime.StartAsync();
        var status = await runtime.WaitAsync(await runtime.StartRunAsync(AdditionTask.Request("w"), runId));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        return status.ReadOutputAs<OptimizationReport>()!;
    }

    /// <summary>A fine-tuner fake (our port) that "trains" a PEFT-shaped folder under a local root, as the in-process one does.</summary>
    private sealed class LocalFolderFineTuner(string root) : IFineTuner
    {
        private int _starts;

        public int Starts => Volatile.Read(ref _starts);

        public Task<FineTuneJobStatus> StartAsync(string jobId, FineTuneRequest request, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _starts);
            AdapterFolders.Write(Path.Combine(root, jobId), seed: request.Records.Count);
            return GetStatusAsync(jobId, cancellationToken);
        }

        public Task<FineTuneJobStatus> GetStatusAsync(string jobId, CancellationToken cancellationToken = default) =>
            Task.FromResult(new FineTuneJobStatus(jobId, FineTuneJobState.Succeeded, Adapter: new AdapterReference(jobId, Path.Combine(root, jobId))));

        public Task CancelAsync(string jobId, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
