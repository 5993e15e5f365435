using BetterTogether.Cli.Optimize;
using BetterTogether.Workflow.Optimization;

namespace BetterTogether.Cli.Reports;

/// <summary>
/// Writes a finished run into its output folder: program.json, adapter/, traces.jsonl, report.json (the run's
/// <see cref="OptimizationReport"/>, byte for byte as the store's <c>runs/{id}/report.json</c>) and report.html.
/// </summary>
internal static class RunArtifactWriter
{
    /// <summary>Writes (or overwrites) the artifacts.</summary>
    public static async Task<RunArtifactPaths> WriteAsync(OptimizationOutcome outcome, string folder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(folder);
        var artifacts = new RunArtifactPaths(
            folder,
            Path.Combine(folder, "program.json"),
            outcome.AdapterFolder is null ? null : Path.Combine(folder, "adapter"),
            Path.Combine(folder, "traces.jsonl"),
            Path.Combine(folder, "report.json"),
            Path.Combine(folder, "report.html"));
        await File.WriteAllTextAsync(artifacts.ProgramJson, outcome.ProgramStateJson, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(artifacts.Traces, outcome.TracesJsonl, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(artifacts.ReportJson, ReportJson.Serialize(outcome.Report), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(artifacts.ReportHtml, ReportHtmlRenderer.Render(outcome.Report), cancellationToken).ConfigureAwait(false);
        if (outcome.AdapterFolder is { } source && artifacts.AdapterFolder is { } target)
        {
            CopyFolder(source, target);
        }

        return artifacts;
    }

    private static void CopyFolder(string source, string target)
    {
        if (!Directory.Exists(source))
        {
            throw new DirectoryNotFoundException($"The adapter folder '{source}' does not exist; the store lost the run's adapter.");
        }

        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }
    }
}
