using BetterTogether.Core.FineTuning;
using BetterTogether.Storage;
using BetterTogether.Storage.FileSystem;
using BetterTogether.TrainingJobs.Dispatch;
using BetterTogether.TrainingJobs.FineTuning;
using BetterTogether.TrainingJobs.Specs;
using BetterTogether.TrainingJobs.Tests.Infrastructure;

namespace BetterTogether.TrainingJobs.Tests.FineTuning;

/// <summary>Control flow of <see cref="JobFineTuner"/> with a scripted dispatcher (an interface we own).</summary>
public sealed class JobFineTunerTests
{
    private readonly FileArtifactStore _store = new(TestData.TempFolder());
    private readonly ScriptedDispatcher _dispatcher = new();

    [Fact]
    public async Task StartAsync_NewJob_WritesSpecDataQueuedStatusAndDispatchesOnce()
    {
        var tuner = Tuner();
        var status = await tuner.StartAsync("j1", TestData.Request());
        Assert.Equal(FineTuneJobState.Queued, status.State);

        var spec = await _store.ReadJsonAsync<TrainingJobSpec>("training-jobs/j1/spec.json", TrainingJobJson.Options);
        Assert.Equal("models/tiny-chat", spec.BaseModelPath);
        Assert.Equal("training-jobs/j1/data.jsonl", spec.TrainingDataPath);
        Assert.Equal(7, spec.Seed);
        Assert.Null(spec.Store.Connection);
        var request = Assert.Single(_dispatcher.Started);
        Assert.Equal("training-jobs/j1/spec.json", request.SpecPath);
        Assert.Equal("secret-store", request.Environment[TrainingEnvironment.StoreVariable]);

        await tuner.StartAsync("j1", TestData.Request());
        Assert.Single(_dispatcher.Started);
    }

    [Fact]
    public async Task GetStatusAsync_ExecutionFailedSilently_ReportsFailedAndSettlesBlob()
    {
        var tuner = Tuner();
        await tuner.StartAsync("j1", TestData.Request());
        _dispatcher.State = JobExecutionState.Failed;

        var status = await tuner.GetStatusAsync("j1");

        Assert.Equal(FineTuneJobState.Failed, status.State);
        Assert.Contains("exec-1", status.Error, StringComparison.Ordinal);
        Assert.Contains("OOMKilled", status.Error, StringComparison.Ordinal);
        var blob = await _store.ReadJsonAsync<TrainingJobStatusDocument>("training-jobs/j1/status.json", TrainingJobJson.Options);
        Assert.Equal(FineTuneJobState.Failed, blob.State);
    }

    [Fact]
    public async Task GetStatusAsync_TrainerWroteSucceeded_ReturnsAdapterAtStoreLocation()
    {
        var tuner = Tuner();
        await tuner.StartAsync("j1", TestData.Request());
        await _store.PutJsonAsync("training-jobs/j1/status.json", new TrainingJobStatusDocument
        {
            JobId = "j1", State = FineTuneJobState.Succeeded, Step = 4, TotalSteps = 4, Loss = 1.5, AdapterName = "tiny-adapter", AdapterPath = "training-jobs/j1/adapter",
        }, TrainingJobJson.Options);
        _dispatcher.State = JobExecutionState.Succeeded;

        var status = await tuner.GetStatusAsync("j1");

        Assert.Equal(FineTuneJobState.Succeeded, status.State);
        Assert.Equal(new FineTuneProgress(4, 4, 1.5, 0), status.Progress);
        Assert.Equal("training-jobs/j1/adapter", status.Adapter!.Location);
    }

    [Fact]
    public async Task CancelAsync_RunningJob_StopsExecutionAndWritesCancelled()
    {
        var tuner = Tuner();
        await tuner.StartAsync("j1", TestData.Request());
        await tuner.CancelAsync("j1");
        Assert.Equal(["exec-1"], _dispatcher.Stopped);
        Assert.Equal(FineTuneJobState.Cancelled, (await tuner.GetStatusAsync("j1")).State);

        await tuner.CancelAsync("j1");
        Assert.Single(_dispatcher.Stopped);
    }

    [Fact]
    public async Task GetStatusAsync_UnknownJob_ThrowsKeyNotFound() =>
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Tuner().GetStatusAsync("nope"));

    [Fact]
    public async Task StartAsync_ConcurrentDuplicate_StopsTheLosingExecution()
    {
        var tuner = Tuner();

        // Another starter of the same job records its execution while ours is being dispatched.
        _dispatcher.OnStart = () => _store.PutJsonAsync("training-jobs/j1/dispatch.json", new TrainingJobDispatchRecord("j1", "exec-winner", "scripted", DateTimeOffset.UnixEpoch), TrainingJobJson.Options);
        await tuner.StartAsync("j1", TestData.Request());

        Assert.Equal(["exec-1"], _dispatcher.Stopped);
        var record = await _store.ReadJsonAsync<TrainingJobDispatchRecord>("training-jobs/j1/dispatch.json", TrainingJobJson.Options);
        Assert.Equal("exec-winner", record.ExecutionName);
    }

    private JobFineTuner Tuner() => new(_store, _dispatcher, new JobFineTunerOptions { TrainerStoreConnection = "secret-store" });

    private sealed class ScriptedDispatcher : IJobDispatcher
    {
        public List<JobDispatchRequest> Started { get; } = [];

        public List<string> Stopped { get; } = [];

        public JobExecutionState State { get; set; } = JobExecutionState.Running;

        public Func<Task>? OnStart { get; set; }

        public async Task<JobExecution> StartAsync(JobDispatchRequest request, CancellationToken cancellationToken = default)
        {
            Started.Add(request);
            if (OnStart is not null)
            {
                await OnStart();
            }

            return new JobExecution($"exec-{Started.Count}", "scripted");
        }

        public Task<JobExecutionStatus> GetStatusAsync(string executionName, CancellationToken cancellationToken = default) =>
            Task.FromResult(new JobExecutionStatus(executionName, State, State == JobExecutionState.Failed ? "exit code 137 (OOMKilled)" : null));

        public Task StopAsync(string executionName, CancellationToken cancellationToken = default)
        {
            Stopped.Add(executionName);
            return Task.CompletedTask;
        }
    }
}
