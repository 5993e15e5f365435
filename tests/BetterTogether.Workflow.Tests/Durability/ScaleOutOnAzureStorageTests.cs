using BetterTogether.Workflow.Optimization;
using System.Diagnostics;
using BetterTogether.Testing.Azurite;
using Xunit.Abstractions;

namespace BetterTogether.Workflow.Tests.Durability;

/// <summary>Two CrashHost workers on one task hub share one run's activities and produce the one-worker result.</summary>
[Collection(DurabilityAzuriteCollection.Name)]
public sealed class ScaleOutOnAzureStorageTests(AzuriteFixture azurite, ReferenceRunFixture reference, ITestOutputHelper output) : IDisposable
{
    private readonly CrashRunFolder _folder = new();

    [Fact]
    public async Task Run_TwoWorkersOnOneTaskHub_BothRunActivitiesAndMatchTheOneWorkerRun()
    {
        string[] hub = ["--azure-storage", azurite.ConnectionString, "--task-hub", DurabilityAzuriteCollection.NewTaskHub()];
        using var first = CrashHostProcess.Start("worker a", _folder.Arguments("worker", [.. hub, "--worker-id", "scale-a"]));
        using var second = CrashHostProcess.Start("worker b", _folder.Arguments("worker", [.. hub, "--worker-id", "scale-b"]));

        // Both workers poll the task hub before the run exists, so neither gets a head start on its activities.
        await _folder.WaitForReadyAsync(first, second);
        var clock = Stopwatch.StartNew();
        using (var submitter = CrashHostProcess.Start("the submitter", _folder.Arguments("submit", hub)))
        {
            var exitCode = await submitter.WaitForExitAsync(CrashRunFolder.Timeout, "see the run finish");
            Assert.True(exitCode == 0, $"The submitter exited with {exitCode}. Its output:\n{submitter.Output}\nworker a:\n{first.Output}\nworker b:\n{second.Output}");
        }

        var duration = clock.Elapsed;
        Assert.Equal(0, await first.WaitForExitAsync(CrashRunFolder.Timeout, "exit after the run ended"));
        Assert.Equal(0, await second.WaitForExitAsync(CrashRunFolder.Timeout, "exit after the run ended"));

        RunOutcome.AssertSameAsReference(_folder, reference);
        var writes = _folder.ArtifactWrites();
        var (byFirst, bySecond) = (writes.Count(w => w.Pid == first.Id), writes.Count(w => w.Pid == second.Id));
        Assert.True(byFirst > 0 && bySecond > 0, $"Artifacts written: {byFirst} by worker a, {bySecond} by worker b; both should have run activities.");
        Assert.Equal(writes.Count, byFirst + bySecond);

        // Each activity ran once, on one worker; LM calls are not counted here, since two workers can miss the cache on
        // the same request at the same moment, but together they asked exactly the one-worker run's requests.
        Assert.Equal(writes.Count, writes.Select(w => w.Text).Distinct(StringComparer.Ordinal).Count());
        // (A training status poll looks for the job's stored adapter each time it runs, so those checks repeat by design.)
        var checks = _folder.Checks().Where(c => !c.Text.Contains(RunArtifacts.AdaptersPrefix + "/", StringComparison.Ordinal)).ToList();
        Assert.Equal(checks.Count, checks.Select(c => c.Text).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(reference.LmCalls.Order(StringComparer.Ordinal), _folder.LmCalls().Select(c => c.Text).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        output.WriteLine(
            $"Azure Storage (Azurite), two workers: run finished {duration.TotalSeconds:F1} s after submission; artifacts written {byFirst} by worker a, {bySecond} by worker b. " +
            $"Uninterrupted one-process reference run (embedded): {reference.Duration.TotalSeconds:F1} s.");
    }

    public void Dispose() => _folder.Dispose();
}
