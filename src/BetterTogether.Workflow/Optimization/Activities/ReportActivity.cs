using BetterTogether.Storage;
using Microsoft.DurableTask;

namespace BetterTogether.Workflow.Optimization.Activities;

/// <summary>Writes <c>program.json</c> (the best program's state) and <c>report.json</c>; deterministic, so a retry rewrites the same bytes.</summary>
[DurableTask(OptimizationActivityNames.Report)]
public sealed class ReportActivity(IOptimizationEnvironment environment) : OptimizationActivity<ReportInput, bool>
{
    /// <inheritdoc/>
    protected override async Task<bool> RunAsync(ReportInput input, CancellationToken cancellationToken)
    {
        var store = environment.Store;
        var program = await store.ReadTextAsync(input.BestProgramPath, cancellationToken).ConfigureAwait(false);
        await store.PutTextAsync(input.Report.ProgramPath, program, new ArtifactWriteOptions { ContentType = "application/json" }, cancellationToken).ConfigureAwait(false);
        await store.PutTextAsync(RunArtifacts.Report(input.Report.InstanceId), ReportJson.Serialize(input.Report), new ArtifactWriteOptions { ContentType = "application/json" }, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
