using BetterTogether.TrainingJobs.Dispatch;
using BetterTogether.TrainingJobs.Local;
using BetterTogether.TrainingJobs.Tests.Infrastructure;

namespace BetterTogether.TrainingJobs.Tests.Local;

public sealed class LocalProcessDispatcherTests
{
    [Fact]
    public void Constructor_MissingTrainer_Throws() =>
        Assert.Throws<ArgumentException>(() => new LocalProcessDispatcher(new LocalProcessDispatcherOptions { TrainerPath = "/nope/bt-trainer.dll" }));

    [Fact]
    public async Task GetStatusAsync_ExecutionFromAnotherProcess_IsUnknown()
    {
        using var dispatcher = new LocalProcessDispatcher(new LocalProcessDispatcherOptions { TrainerPath = TrainerBuild.Dll });
        Assert.Equal(JobExecutionState.Unknown, (await dispatcher.GetStatusAsync("job-1-12345")).State);
        await dispatcher.StopAsync("job-1-12345");
    }

    [Fact]
    public async Task StartAsync_BadCommandLine_FailsWithExitCodeAndOutputTail()
    {
        // No store in the environment and a plain path: the trainer refuses with usage and exit code 2.
        using var dispatcher = new LocalProcessDispatcher(new LocalProcessDispatcherOptions { TrainerPath = TrainerBuild.Dll });
        var execution = await dispatcher.StartAsync(new JobDispatchRequest("job-x", "training-jobs/job-x/spec.json", new Dictionary<string, string> { ["BT_ARTIFACTS"] = string.Empty }));
        var status = await dispatcher.WaitAsync(execution.Name).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(LocalProcessDispatcher.DispatcherName, execution.Dispatcher);
        Assert.StartsWith("job-x-", execution.Name, StringComparison.Ordinal);
        Assert.Equal(JobExecutionState.Failed, status.State);
        Assert.Contains("exit code 2", status.Detail, StringComparison.Ordinal);
        Assert.Contains("no store is given", status.Detail, StringComparison.Ordinal);
    }
}
