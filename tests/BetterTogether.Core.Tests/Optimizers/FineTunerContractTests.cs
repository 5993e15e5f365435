using BetterTogether.Core.FineTuning;
using BetterTogether.Core.Tests.TestSupport;

namespace BetterTogether.Core.Tests.Optimizers;

/// <summary>The behaviour every <see cref="IFineTuner"/> must have, checked on the in-memory one.</summary>
public sealed class FineTunerContractTests
{
    private static FineTuneRequest Request(string adapter = "a1") => new(
        "base-model",
        [new ChatRecord([new ChatRecordMessage("system", "s"), new ChatRecordMessage("user", "u"), new ChatRecordMessage("assistant", "a")])],
        new FineTuneHyperparameters(),
        adapter);

    [Fact]
    public async Task StartAsync_SameJobIdTwice_ReturnsExistingJob()
    {
        IFineTuner tuner = new InMemoryFineTuner();
        var first = await tuner.StartAsync("job-1", Request());
        await tuner.GetStatusAsync("job-1");
        var second = await tuner.StartAsync("job-1", Request());
        Assert.Equal("job-1", first.JobId);
        Assert.Equal(FineTuneJobState.Queued, first.State);
        Assert.Equal(FineTuneJobState.Running, second.State);
    }

    [Fact]
    public async Task GetStatusAsync_UntilTerminal_SucceedsWithAdapter()
    {
        IFineTuner tuner = new InMemoryFineTuner();
        await tuner.StartAsync("job-2", Request("my-adapter"));
        FineTuneJobStatus status;
        do
        {
            status = await tuner.GetStatusAsync("job-2");
        }
        while (!status.IsTerminal);

        Assert.Equal(FineTuneJobState.Succeeded, status.State);
        Assert.Equal("my-adapter", status.Adapter!.Name);
        Assert.Equal(status.Progress!.TotalSteps, status.Progress.Step);
    }

    [Fact]
    public async Task GetStatusAsync_UnknownJob_ThrowsKeyNotFound() =>
        await Assert.ThrowsAsync<KeyNotFoundException>(() => new InMemoryFineTuner().GetStatusAsync("nope"));

    [Fact]
    public async Task CancelAsync_RunningJob_CancelledAndFinishedJobUnchanged()
    {
        IFineTuner tuner = new InMemoryFineTuner();
        await tuner.StartAsync("run", Request());
        await tuner.CancelAsync("run");
        Assert.Equal(FineTuneJobState.Cancelled, (await tuner.GetStatusAsync("run")).State);

        await tuner.StartAsync("done", Request());
        await tuner.GetStatusAsync("done");
        await tuner.GetStatusAsync("done");
        await tuner.CancelAsync("done");
        Assert.Equal(FineTuneJobState.Succeeded, (await tuner.GetStatusAsync("done")).State);
    }

    [Fact]
    public async Task StartAsync_InvalidRequest_Throws() =>
        await Assert.ThrowsAsync<ArgumentException>(() => new InMemoryFineTuner().StartAsync("x", Request() with { Records = [] }));
}
