using BetterTogether.Core.FineTuning;
using BetterTogether.Engine.FineTuning;
using BetterTogether.Engine.Peft;
using BetterTogether.Engine.Tests.Serving;

namespace BetterTogether.Engine.Tests.FineTuning;

public sealed class InProcessFineTunerTests
{
    private static readonly Serving.LocalModelHolder Holder = new();

    [Fact]
    public async Task StartAsync_ChatRecords_TrainsAndWritesPeftAdapter()
    {
        var root = Fixtures.TempFolder();
        using var tuner = new InProcessFineTuner(_ => Holder.Model, root);
        var request = Request(epochs: 3);
        var started = await tuner.StartAsync("job-1", request);
        Assert.Equal("job-1", started.JobId);
        Assert.Equal(started.JobId, (await tuner.StartAsync("job-1", request)).JobId);

        var done = await tuner.WaitAsync("job-1");
        Assert.Equal(FineTuneJobState.Succeeded, done.State);
        Assert.NotNull(done.Progress);
        Assert.Equal(done.Progress.TotalSteps, done.Progress.Step);
        Assert.Equal("my-adapter", done.Adapter!.Name);
        var adapter = PeftAdapter.Load(done.Adapter.Location, Holder.Model.Model.Config);
        Assert.Contains(adapter.Parameters, v => v != 0f);

        using var restarted = new InProcessFineTuner(_ => throw new InvalidOperationException("must not retrain"), root);
        Assert.Equal(FineTuneJobState.Succeeded, (await restarted.StartAsync("job-1", request)).State);
        var afterRestart = await restarted.GetStatusAsync("job-1");
        Assert.Equal(FineTuneJobState.Succeeded, afterRestart.State);
        Assert.Equal("my-adapter", afterRestart.Adapter!.Name);
    }

    [Fact]
    public async Task CancelAsync_RunningJob_EndsCancelled()
    {
        using var tuner = new InProcessFineTuner(_ => Holder.Model, Fixtures.TempFolder());
        await tuner.StartAsync("job-c", Request(epochs: 10_000));
        await tuner.CancelAsync("job-c");
        Assert.Equal(FineTuneJobState.Cancelled, (await tuner.WaitAsync("job-c")).State);
    }

    [Fact]
    public async Task GetStatusAsync_UnknownJob_Throws()
    {
        using var tuner = new InProcessFineTuner(_ => Holder.Model, Fixtures.TempFolder());
        await Assert.ThrowsAsync<KeyNotFoundException>(() => tuner.GetStatusAsync("nope"));
    }

    [Fact]
    public async Task StartAsync_UnknownModel_JobFailsWithReason()
    {
        using var tuner = new InProcessFineTuner(id => throw new FileNotFoundException($"model {id} not found"), Fixtures.TempFolder());
        await tuner.StartAsync("job-f", Request(epochs: 1));
        var status = await tuner.WaitAsync("job-f");
        Assert.Equal(FineTuneJobState.Failed, status.State);
        Assert.Contains("not found", status.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStatusAsync_JobAnEarlierHostDidNotFinish_StartsAgainAndSucceeds()
    {
        var root = Fixtures.TempFolder();
        // The first host shuts down (disposing its fine-tuner) while the job is still loading its model.
        using var loading = new ManualResetEventSlim();
        var stopped = new InProcessFineTuner(_ => { loading.Wait(); throw new OperationCanceledException("shut down mid-job"); }, root);
        await stopped.StartAsync("job-r", Request(epochs: 2));
        stopped.Dispose();
        loading.Set();
        Assert.Equal(FineTuneJobState.Cancelled, (await stopped.WaitAsync("job-r")).State);

        Assert.True(File.Exists(Path.Combine(root, "job-r" + InProcessFineTuner.RequestFileSuffix)));
        using var next = new InProcessFineTuner(_ => Holder.Model, root);

        var status = await next.GetStatusAsync("job-r");
        Assert.True(status.State is FineTuneJobState.Running or FineTuneJobState.Succeeded, status.State.ToString());
        var done = await next.WaitAsync("job-r");

        Assert.Equal(FineTuneJobState.Succeeded, done.State);
        Assert.Equal("my-adapter", done.Adapter!.Name);
        Assert.False(File.Exists(Path.Combine(root, "job-r" + InProcessFineTuner.RequestFileSuffix)));
        using var later = new InProcessFineTuner(_ => throw new InvalidOperationException("must not retrain"), root);
        Assert.Equal(FineTuneJobState.Succeeded, (await later.GetStatusAsync("job-r")).State);
    }

    [Fact]
    public async Task GetStatusAsync_JobCancelledOrFailedOnAnEarlierHost_Unknown()
    {
        var root = Fixtures.TempFolder();
        using (var first = new InProcessFineTuner(id => id == "tiny-chat" ? Holder.Model : throw new FileNotFoundException($"model {id} not found"), root))
        {
            await first.StartAsync("job-c", Request(epochs: 10_000));
            await first.CancelAsync("job-c");
            await first.StartAsync("job-f", Request(epochs: 1) with { BaseModel = "missing" });
            Assert.Equal(FineTuneJobState.Cancelled, (await first.WaitAsync("job-c")).State);
            Assert.Equal(FineTuneJobState.Failed, (await first.WaitAsync("job-f")).State);
        }

        using var next = new InProcessFineTuner(_ => throw new InvalidOperationException("must not retrain"), root);
        await Assert.ThrowsAsync<KeyNotFoundException>(() => next.GetStatusAsync("job-c"));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => next.GetStatusAsync("job-f"));
        Assert.Empty(Directory.GetFiles(root, "*" + InProcessFineTuner.RequestFileSuffix));
    }

    private static FineTuneRequest Request(int epochs) => new(
        "tiny-chat",
        [
            new ChatRecord([new("user", "2 + 3"), new("assistant", "5")]),
            new ChatRecord([new("user", "1 + 1"), new("assistant", "2")]),
            new ChatRecord([new("system", "Add."), new("user", "4 + 4"), new("assistant", "8")]),
        ],
        new FineTuneHyperparameters { Rank = 2, Epochs = epochs, BatchSize = 2, LearningRate = 1e-2 },
        "my-adapter",
        Seed: 1);
}
