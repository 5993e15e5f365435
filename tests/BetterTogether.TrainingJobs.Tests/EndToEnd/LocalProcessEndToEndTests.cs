using System.Diagnostics;
using BetterTogether.Core.FineTuning;
using BetterTogether.Engine.Peft;
using BetterTogether.Storage;
using BetterTogether.Storage.AzureBlob;
using BetterTogether.Testing.Azurite;
using BetterTogether.TrainingJobs.Dispatch;
using BetterTogether.TrainingJobs.FineTuning;
using BetterTogether.TrainingJobs.Local;
using BetterTogether.TrainingJobs.Specs;
using BetterTogether.TrainingJobs.Tests.Infrastructure;

namespace BetterTogether.TrainingJobs.Tests.EndToEnd;

/// <summary>
/// The container path end to end on one machine: <see cref="JobFineTuner"/> + <see cref="LocalProcessDispatcher"/>
/// + the real <c>bt-trainer</c> process + a real Azurite blob store.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LocalProcessEndToEndTests(AzuriteFixture azurite) : IDisposable
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(60);
    private readonly string _container = "e2e-" + Guid.NewGuid().ToString("N")[..12];
    private readonly LocalProcessDispatcher _dispatcher = new(new LocalProcessDispatcherOptions
    {
        TrainerPath = TrainerBuild.Dll,
        ExtraArguments = ["--progress-interval", "0.05"],
    });

    [Fact]
    public async Task StartAsync_RealTrainerAgainstAzurite_SucceedsWithPeftAdapterInStore()
    {
        var store = OpenStore();
        await TinyModelFolder.UploadAsync(store, "models/tiny-chat");
        var counting = new CountingDispatcher(_dispatcher);
        var tuner = Tuner(store, counting);

        var started = await tuner.StartAsync("job-ok", TestData.Request());
        Assert.Contains(started.State, new[] { FineTuneJobState.Queued, FineTuneJobState.Running, FineTuneJobState.Succeeded });
        var (done, seen) = await WaitAsync(tuner, "job-ok");

        Assert.True(done.State == FineTuneJobState.Succeeded, $"Job ended {done.State}: {done.Error}");
        Assert.DoesNotContain(FineTuneJobState.Failed, seen);
        Assert.NotNull(done.Progress);
        Assert.Equal(4, done.Progress.TotalSteps);
        Assert.Equal(4, done.Progress.Step);
        Assert.True(double.IsFinite(done.Progress.Loss));
        Assert.Equal("tiny-adapter", done.Adapter!.Name);
        Assert.Equal("training-jobs/job-ok/adapter", done.Adapter.Location);

        // The adapter in Azurite loads as a PEFT adapter through the engine and is trained (B is zero-initialised).
        var local = TestData.TempFolder();
        foreach (var file in new[] { PeftAdapter.ConfigFileName, PeftAdapter.WeightsFileName })
        {
            await File.WriteAllBytesAsync(Path.Combine(local, file), await store.ReadBytesAsync($"training-jobs/job-ok/adapter/{file}"));
        }

        var adapter = PeftAdapter.Load(local, TinyModelFolder.Config);
        Assert.Equal(2, adapter.Config.Rank);
        Assert.Equal("tiny-chat", adapter.Config.BaseModelNameOrPath);
        Assert.Contains(adapter.Slots, s => s.Name.Contains("lora_B", StringComparison.Ordinal) && adapter.Parameters.AsSpan(s.Offset, s.Length).ContainsAnyExcept(0f));

        var status = await store.ReadJsonAsync<TrainingJobStatusDocument>("training-jobs/job-ok/status.json", TrainingJobJson.Options);
        Assert.NotNull(status.StartedAt);
        Assert.NotNull(status.CompletedAt);
        Assert.Equal("training-jobs/job-ok/adapter", status.AdapterPath);

        // Idempotent: a second start of the finished job dispatches nothing.
        Assert.Equal(FineTuneJobState.Succeeded, (await tuner.StartAsync("job-ok", TestData.Request())).State);
        Assert.Equal(1, counting.Starts);
    }

    [Fact]
    public async Task StartAsync_CorruptDataLine_EndsFailedNamingTheLine()
    {
        var store = OpenStore();
        await TinyModelFolder.UploadAsync(store, "models/tiny-chat");
        var tuner = Tuner(store, _dispatcher);
        var records = TestData.Records.Take(2).Append(new ChatRecord([new("user", "x"), new("robot", "y")])).ToList();

        await tuner.StartAsync("job-bad", TestData.Request(records: records));
        var (done, _) = await WaitAsync(tuner, "job-bad");

        Assert.Equal(FineTuneJobState.Failed, done.State);
        Assert.Contains("data.jsonl' line 3", done.Error, StringComparison.Ordinal);
        Assert.Contains("robot", done.Error, StringComparison.Ordinal);
        Assert.Null(done.Adapter);
        Assert.False(await store.ExistsAsync("training-jobs/job-bad/adapter/adapter_config.json"));
    }

    [Fact]
    public async Task CancelAsync_RunningTrainer_KillsProcessAndEndsCancelled()
    {
        var store = OpenStore();
        await TinyModelFolder.UploadAsync(store, "models/tiny-chat");
        var tuner = Tuner(store, _dispatcher);
        await tuner.StartAsync("job-long", TestData.Request(epochs: 100_000));
        var deadline = Stopwatch.StartNew();
        while ((await tuner.GetStatusAsync("job-long")) is { Progress: null } waiting)
        {
            Assert.False(waiting.IsTerminal, $"The trainer ended {waiting.State} before training: {waiting.Error}");
            Assert.True(deadline.Elapsed < JobTimeout, "The trainer never reported progress.");
            await Task.Delay(100);
        }

        await tuner.CancelAsync("job-long");
        var record = await store.ReadJsonAsync<TrainingJobDispatchRecord>("training-jobs/job-long/dispatch.json", TrainingJobJson.Options);
        var execution = await _dispatcher.WaitAsync(record.ExecutionName).WaitAsync(JobTimeout);

        Assert.Equal(JobExecutionState.Stopped, execution.State);
        Assert.Equal(FineTuneJobState.Cancelled, (await tuner.GetStatusAsync("job-long")).State);
    }

    public void Dispose() => _dispatcher.Dispose();

    private static async Task<(FineTuneJobStatus Status, List<FineTuneJobState> Seen)> WaitAsync(JobFineTuner tuner, string jobId)
    {
        var seen = new List<FineTuneJobState>();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var status = await tuner.GetStatusAsync(jobId);
            seen.Add(status.State);
            if (status.IsTerminal)
            {
                return (status, seen);
            }

            Assert.True(clock.Elapsed < JobTimeout, $"Job {jobId} still {status.State} after {JobTimeout}.");
            await Task.Delay(100);
        }
    }

    private AzureBlobArtifactStore OpenStore() => AzureBlobArtifactStore.FromConnectionString(azurite.ConnectionString, _container);

    private JobFineTuner Tuner(IArtifactStore store, IJobDispatcher dispatcher) => new(store, dispatcher, new JobFineTunerOptions
    {
        TrainerStoreConnection = azurite.ConnectionString,
        Container = _container,
    });

    private sealed class CountingDispatcher(IJobDispatcher inner) : IJobDispatcher
    {
        public int Starts { get; private set; }

        public Task<JobExecution> StartAsync(JobDispatchRequest request, CancellationToken cancellationToken = default)
        {
            Starts++;
            return inner.StartAsync(request, cancellationToken);
        }

        public Task<JobExecutionStatus> GetStatusAsync(string executionName, CancellationToken cancellationToken = default) => inner.GetStatusAsync(executionName, cancellationToken);

        public Task StopAsync(string executionName, CancellationToken cancellationToken = default) => inner.StopAsync(executionName, cancellationToken);
    }
}
