using BetterTogether.Storage;
using BetterTogether.Testing.Azurite;
using BetterTogether.Workflow.Optimization;
using BetterTogether.Workflow.Tests.Fakes;
using Microsoft.DurableTask.Client;

namespace BetterTogether.Workflow.Tests.Optimization;

/// <summary>The orchestration on the Azure Storage backend (the provider Durable Functions uses) over a real Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BetterTogetherOrchestrationOnAzureStorageTests(AzuriteFixture azurite)
    : BetterTogetherOrchestrationTests(new DurableBackends.AzureStorage(azurite)), IDisposable
{
    public void Dispose() => Backends.Dispose();

    [Fact]
    public async Task RunAsync_SameRequestOnBothBackends_SameReportAndProgram()
    {
        var request = OptimizationHarness.Request();
        using var embedded = new DurableBackends.Embedded();
        var (embeddedReport, embeddedProgram) = await RunAsync(embedded.Create(), request);
        var (azureReport, azureProgram) = await RunAsync(Backends.Create(), request);

        Assert.Equal(embeddedProgram, azureProgram);
        Assert.Equal(Scores(embeddedReport), Scores(azureReport));
        Assert.Equal((embeddedReport.BestStrategy, embeddedReport.BestScore, embeddedReport.TestScore), (azureReport.BestStrategy, azureReport.BestScore, azureReport.TestScore));
        Assert.Equal(embeddedReport.Usage.Select(u => (u.Stage, u.Calls, u.InputTokens, u.OutputTokens)), azureReport.Usage.Select(u => (u.Stage, u.Calls, u.InputTokens, u.OutputTokens)));
    }

    private static async Task<(OptimizationReport Report, string Program)> RunAsync(Durable.DurableBackendOptions backend, OptimizationRunRequest request)
    {
        var store = new InMemoryArtifactStore();
        await using var runtime = await OptimizationHarness.StartAsync(backend, store, new AdditionLm(), new InMemoryFineTuner());
        var id = await runtime.StartRunAsync(request, "same-run");
        var status = await runtime.WaitAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, status.RuntimeStatus);
        return (status.ReadOutputAs<OptimizationReport>()!, await store.ReadTextAsync(RunArtifacts.Program(id)));
    }

    private static IEnumerable<string> Scores(OptimizationReport report)
        => report.Steps.Select(s => $"{s.Strategy}: {s.Score} seed {s.BestSeed} [{string.Join(", ", s.Candidates?.Select(c => $"{c.Seed}={c.Score}") ?? [])}] skipped={s.Skipped}")
            .Prepend($"baseline {report.BaselineScore}");
}
