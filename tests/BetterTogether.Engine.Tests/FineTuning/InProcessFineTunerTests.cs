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
