using System.Diagnostics;
using Xunit.Abstractions;

namespace BetterTogether.Workflow.Tests.Durability;

/// <summary>
/// SIGKILLs a CrashHost running the real BetterTogether orchestration at a planned point, restarts it on the same store
/// and backend, and checks that the run ends exactly like the uninterrupted reference run without redoing completed
/// work. Derived classes pick the backend; each kill test prints its timings.
/// </summary>
public abstract class CrashRecoveryTests(ReferenceRunFixture reference, ITestOutputHelper output) : IDisposable
{
    private readonly CrashRunFolder _folder = new();

    /// <summary>The backend's name in the printed timings.</summary>
    protected abstract string BackendName { get; }

    /// <summary>The backend's arguments: the same database, or task hub and worker id, for the killed and the restarted host.</summary>
    private protected abstract IReadOnlyList<string> BackendArguments(CrashRunFolder folder);

    [Fact]
    public async Task Run_KilledDuringCandidateFanOut_CompletesLikeTheUninterruptedRun()
    {
        // Frozen in the first LM call after one candidate of step 1 ("p") was written: the fan-out is under way.
        var (where, killedAfter, killed) = await RunUntilFrozenThenKillAsync("--freeze-after-candidates", "1");

        var candidates = _folder.ArtifactWrites().Count(w => w.Text.StartsWith($"runs/{CrashRunFolder.RunId}/steps/1/candidates/", StringComparison.Ordinal));
        Assert.InRange(candidates, 1, reference.Report.Steps[0].Candidates!.Count - 1);
        Assert.NotEmpty(_folder.LmCalls());

        var (resumedAfter, finishedAfter) = await RestartAndFinishAsync();

        RunOutcome.AssertSameAsReference(_folder, reference);
        RunOutcome.AssertNothingDoneTwice(_folder, reference);
        AssertNoCompletedActivityRanAgain(killed);
        Print($"killed {where} ({candidates} of {reference.Report.Steps[0].Candidates!.Count} candidates written)", killedAfter, resumedAfter, finishedAfter);
    }

    [Fact]
    public async Task Run_KilledWhileTrainingIsPolled_CompletesWithTheSameAdapter()
    {
        var (where, killedAfter, killed) = await RunUntilFrozenThenKillAsync("--freeze-at-poll", "2");

        var tuning = _folder.FineTuning();
        Assert.Single(tuning, t => t.Text.StartsWith("start ", StringComparison.Ordinal));
        Assert.DoesNotContain(tuning, t => t.Text.EndsWith(" Succeeded", StringComparison.Ordinal));

        var (resumedAfter, finishedAfter) = await RestartAndFinishAsync();

        var result = RunOutcome.AssertSameAsReference(_folder, reference);
        Assert.NotNull(reference.Report.Steps[1].Adapter);
        Assert.Equal(reference.Report.Steps[1].Adapter, result.Report!.Steps[1].Adapter);
        RunOutcome.AssertNothingDoneTwice(_folder, reference);
        AssertNoCompletedActivityRanAgain(killed);

        // The restarted host polled the job the killed one started; it did not start another.
        Assert.Single(_folder.FineTuning(), t => t.Text.StartsWith("start ", StringComparison.Ordinal));
        Print($"killed {where}", killedAfter, resumedAfter, finishedAfter);
    }

    public void Dispose()
    {
        _folder.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Runs a host until it freezes where <paramref name="freeze"/> says, SIGKILLs it and returns where, when and the outputs it had written.</summary>
    private async Task<(string Where, TimeSpan After, KilledHost Host)> RunUntilFrozenThenKillAsync(params string[] freeze)
    {
        var clock = Stopwatch.StartNew();
        using var host = CrashHostProcess.Start("the host to be killed", _folder.Arguments("run", BackendArguments(_folder), freeze));
        var where = await _folder.WaitForFreezeAsync(host);
        host.Kill();
        Assert.False(_folder.HasResult, "The run ended before the host was killed.");
        return (where, clock.Elapsed, new KilledHost(host.Id, _folder.ArtifactWrites().Select(w => w.Text).ToHashSet(StringComparer.Ordinal)));
    }

    /// <summary>
    /// Activities that completed before the kill are replayed from the backend's history, not executed again. Each
    /// execution of an activity with an output starts by looking for that output, so a restarted host that looks for an
    /// output written before the kill ran a completed activity again (its idempotence would hide that from the writes).
    /// </summary>
    private void AssertNoCompletedActivityRanAgain(KilledHost killed)
    {
        var rerun = _folder.Checks().Where(c => c.Pid != killed.Pid && killed.Outputs.Contains(c.Text)).Select(c => c.Text).ToList();
        Assert.True(rerun.Count == 0, $"The restarted host ran activities that had completed before the kill:\n{string.Join("\n", rerun)}");
    }

    /// <summary>Restarts the host (no freeze) and waits for the run to end; returns when it first logged work and when it exited.</summary>
    private async Task<(TimeSpan Resumed, TimeSpan Finished)> RestartAndFinishAsync()
    {
        var restartedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        using var host = CrashHostProcess.Start("the restarted host", _folder.Arguments("run", BackendArguments(_folder)));
        var exitCode = await host.WaitForExitAsync(CrashRunFolder.Timeout, "finish the interrupted run");
        var finished = clock.Elapsed;
        Assert.True(exitCode == 0, $"The restarted host exited with {exitCode}. Its output:\n{host.Output}");
        var firstWork = _folder.Checks().Concat(_folder.Writes()).Concat(_folder.FineTuning()).Concat(_folder.LmCalls()).Where(e => e.Pid == host.Id).Min(e => e.Time);
        return (firstWork - restartedAt, finished);
    }

    private sealed record KilledHost(int Pid, IReadOnlySet<string> Outputs);

    private void Print(string what, TimeSpan killedAfter, TimeSpan resumedAfter, TimeSpan finishedAfter)
        => output.WriteLine(
            $"{BackendName}: {what} {killedAfter.TotalSeconds:F1} s after start. Restarted host: first work after {resumedAfter.TotalSeconds:F1} s, " +
            $"run finished after {finishedAfter.TotalSeconds:F1} s. Uninterrupted reference run (embedded, one process): {reference.Duration.TotalSeconds:F1} s.");
}
