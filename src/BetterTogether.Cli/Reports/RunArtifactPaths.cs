namespace BetterTogether.Cli.Reports;

/// <summary>The files <c>bt optimize</c> wrote into its output folder.</summary>
/// <param name="Folder">The output folder.</param>
/// <param name="ProgramJson">The best program's state.</param>
/// <param name="AdapterFolder">The best program's adapter (PEFT), or null when it uses the base weights.</param>
/// <param name="Traces">The best program's test-split traces (JSONL).</param>
/// <param name="ReportJson">The report as JSON (<c>OptimizationReport</c>).</param>
/// <param name="ReportHtml">The report as a self-contained page.</param>
internal sealed record RunArtifactPaths(string Folder, string ProgramJson, string? AdapterFolder, string Traces, string ReportJson, string ReportHtml)
{
    /// <summary>The paths to print, labelled.</summary>
    public IEnumerable<(string Label, string Path)> Paths()
    {
        yield return ("program", ProgramJson);
        if (AdapterFolder is not null)
        {
            yield return ("adapter", AdapterFolder);
        }

        yield return ("traces", Traces);
        yield return ("report", ReportJson);
        yield return ("html", ReportHtml);
    }
}
