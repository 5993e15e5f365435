using BetterTogether.Storage;
using BetterTogether.Workflow.Orchestration;

namespace BetterTogether.Workflow.Optimization.Activities;

/// <summary>Writes <c>program.json</c> (the best program's state) and <c>report.json</c>; deterministic, so a retry rewrites the same bytes.</summary>
internal sealed class ReportActivity(IOptimizationEnvironment environment) : Activity<ReportInput, bool>
{
    public override async Task<bool> RunAsync(ActivityContext context, ReportInput input, CancellationToken cancellationToken = default)
    {
        var store = environment.Store;
        var program = await store.ReadTextAsync(input.BestProgramPath, cancellationToken).ConfigureAwait(false);
        await store.PutTextAsync(input.Report.ProgramPath, program, new ArtifactWriteOptions { ContentType = "application/json" }, cancellationToken).ConfigureAwait(false);
        await store.PutJsonAsync(RunArtifacts.Report(input.Report.InstanceId), input.Report, ReportJson.Options, null, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
