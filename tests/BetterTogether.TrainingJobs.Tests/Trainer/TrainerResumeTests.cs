using BetterTogether.Core.FineTuning;
using BetterTogether.Storage;
using BetterTogether.Storage.FileSystem;
using BetterTogether.Trainer.Backends;
using BetterTogether.Trainer.Running;
using BetterTogether.TrainingJobs.Data;
using BetterTogether.TrainingJobs.Specs;
using BetterTogether.TrainingJobs.Tests.Infrastructure;
using BetterTogether.TrainingJobs.Tests.Specs;

namespace BetterTogether.TrainingJobs.Tests.Trainer;

/// <summary>A preempted execution resumes from its last checkpoint in the store and ends with the same adapter.</summary>
public sealed class TrainerResumeTests
{
    [Fact]
    public async Task RunAsync_RestartAfterKillAtStep2_ResumesAtStep3WithIdenticalAdapter()
    {
        var interrupted = await PrepareAsync(checkpoints: true);
        var preempting = new ObservedBackend(failAfterStep: 2);
        Assert.Equal(TrainerExitCodes.Failed, await Runner(preempting).RunAsync(Arguments(interrupted.Root)));
        Assert.Equal([1, 2], preempting.Steps);
        var failed = await StatusAsync(interrupted.Store);
        Assert.Contains("simulated preemption", failed.Error, StringComparison.Ordinal);
        Assert.True(await interrupted.Store.ExistsAsync("training-jobs/j1/checkpoint/latest.json"));

        // A failed job stays failed: a restarted replica does not train it again.
        Assert.Equal(TrainerExitCodes.Failed, await Runner(new ObservedBackend(null)).RunAsync(Arguments(interrupted.Root)));

        // A killed process (preemption, OOM) writes nothing final: it leaves Running behind, which a restart resumes.
        await interrupted.Store.PutJsonAsync("training-jobs/j1/status.json", failed with { State = FineTuneJobState.Running, Error = null, CompletedAt = null }, TrainingJobJson.Options);

        var restarted = new ObservedBackend(failAfterStep: null);
        Assert.Equal(TrainerExitCodes.Succeeded, await Runner(restarted).RunAsync(Arguments(interrupted.Root)));
        Assert.Equal([3, 4], restarted.Steps);
        var status = await StatusAsync(interrupted.Store);
        Assert.Equal((FineTuneJobState.Succeeded, 4, 4), (status.State, status.Step, status.TotalSteps));
        Assert.Empty(await ListAsync(interrupted.Store, "training-jobs/j1/checkpoint/"));

        var straight = await PrepareAsync(checkpoints: false);
        Assert.Equal(TrainerExitCodes.Succeeded, await Runner(new ObservedBackend(null)).RunAsync(Arguments(straight.Root)));
        Assert.Equal(
            await straight.Store.ReadBytesAsync("training-jobs/j1/adapter/adapter_model.safetensors"),
            await interrupted.Store.ReadBytesAsync("training-jobs/j1/adapter/adapter_model.safetensors"));
    }

    private static async Task<(string Root, FileArtifactStore Store)> PrepareAsync(bool checkpoints)
    {
        var root = TestData.TempFolder();
        var store = new FileArtifactStore(root);
        await TinyModelFolder.UploadAsync(store, "models/tiny-chat");
        await store.PutBytesAsync("training-jobs/j1/data.jsonl", ChatJsonl.Write(TestData.Records));
        var spec = TrainingJobSpecTests.Spec() with
        {
            Hyperparameters = TestData.Request(epochs: 2).Hyperparameters,
            Seed = 7,
            CheckpointPath = checkpoints ? "training-jobs/j1/checkpoint" : null,
            CheckpointEverySteps = checkpoints ? 1 : 0,
        };
        await store.PutJsonAsync("training-jobs/j1/spec.json", spec, TrainingJobJson.Options);
        return (root, store);
    }

    private static async Task<List<string>> ListAsync(IArtifactStore store, string prefix)
    {
        var paths = new List<string>();
        await foreach (var item in store.ListAsync(prefix))
        {
            paths.Add(item.Path);
        }

        return paths;
    }

    private static Task<TrainingJobStatusDocument> StatusAsync(IArtifactStore store) =>
        store.ReadJsonAsync<TrainingJobStatusDocument>("training-jobs/j1/status.json", TrainingJobJson.Options);

    private static BetterTogether.Trainer.Cli.TrainerArguments Arguments(string root) => new("training-jobs/j1/spec.json", root, null, null, TimeSpan.FromMilliseconds(20));

    private static TrainerRunner Runner(ITrainingBackend backend) => new(new TrainingBackends([backend]), (spec, _) => ArtifactStores.Open(spec));

    /// <summary>The CPU backend, recording the steps it reports and optionally failing after one (a preemption).</summary>
    private sealed class ObservedBackend(int? failAfterStep) : ITrainingBackend
    {
        private readonly CpuEngineBackend _inner = new();

        public List<int> Steps { get; } = [];

        public string Name => _inner.Name;

        public Task<TrainingBackendResult> TrainAsync(TrainingBackendRequest request, IProgress<FineTuneProgress> progress, CancellationToken cancellationToken = default) =>
            _inner.TrainAsync(request, new Relay(p =>
            {
                Steps.Add(p.Step);
                progress.Report(p);
                if (p.Step == failAfterStep)
                {
                    throw new IOException("simulated preemption");
                }
            }), cancellationToken);

        private sealed class Relay(Action<FineTuneProgress> report) : IProgress<FineTuneProgress>
        {
            public void Report(FineTuneProgress value) => report(value);
        }
    }
}
