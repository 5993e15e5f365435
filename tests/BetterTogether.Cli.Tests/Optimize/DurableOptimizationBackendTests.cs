using BetterTogether.Cli.Optimize;

namespace BetterTogether.Cli.Tests.Optimize;

public sealed class DurableOptimizationBackendTests
{
    [Fact]
    public async Task RunAsync_TwoRunsSharingOneLm_BothFinish()
    {
        // bt paper-table runs many requests over one loaded model: a run must not dispose the shared client.
        var work = OptimizeHarness.NewTempFolder("shared-lm");
        using var lm = LmSetup.FromModelFolder(TinyModelFolder.Path, work);
        var options = new OptimizeOptions { Strategy = "p", Store = Path.Combine(work, "store"), TrainSize = 3, ValSize = 2, Candidates = 1, MaxDemos = 1 };
        var backend = OptimizeBackends.Create(options);
        foreach (var task in new[] { "iris", "arithmetic" })
        {
            var taskOptions = options with { Task = task };
            var definition = OptimizeTaskFactory.Create(taskOptions);
            var outcome = await backend.RunAsync(new OptimizationRequest(taskOptions, definition, RunIds.For(taskOptions, definition.Name, lm.Description), lm), new Progress<StageProgress>(_ => { }));

            Assert.Null(outcome.Report.Error);
            Assert.Equal(["p"], outcome.Report.Steps.Select(s => s.Strategy));
        }
    }
}
