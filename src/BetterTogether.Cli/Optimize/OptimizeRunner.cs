using System.Text.Json;
using BetterTogether.Cli.Reports;
using BetterTogether.Core.Optimizers;
using Microsoft.Extensions.AI;
using Spectre.Console;

namespace BetterTogether.Cli.Optimize;

/// <summary>The body of <c>bt optimize</c>: validate, run with progress, print the table, write the artifacts. Exit codes: 0 ok, 1 run failed or cancelled, 2 bad input.</summary>
internal sealed class OptimizeRunner(IAnsiConsole console, Func<OptimizeOptions, IOptimizationBackend> backendFactory)
{
    /// <summary>Exit code of a run that finished.</summary>
    public const int Ok = 0;

    /// <summary>Exit code of a run that failed or was cancelled.</summary>
    public const int Failed = 1;

    /// <summary>Exit code of invalid input.</summary>
    public const int BadInput = 2;

    /// <summary>Runs the command.</summary>
    public async Task<int> RunAsync(OptimizeOptions options, string currentDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        OptimizationRequest request;
        LmSetup? lm = null;
        try
        {
            options.Validate();
            BetterTogetherStrategy.Parse(options.Strategy, ["p", "w"]);
            var task = OptimizeTaskFactory.Create(options);
            lm = options.LmEndpoint is { } endpoint
                ? LmSetup.FromEndpoint(new Uri(endpoint), options.LmModel!, options.LmApiKey)
                : LmSetup.FromModelFolder(options.Model, currentDirectory);
            request = new OptimizationRequest(options, task, RunIds.For(options, task.Name, lm.RunKey), lm);
        }
        catch (Exception e) when (e is OptimizeInputException or StrategyParseException)
        {
            lm?.Dispose();
            console.MarkupLineInterpolated($"[red]error:[/] {CliErrors.Describe(e)}");
            return BadInput;
        }

        using (lm)
        {
            if (!console.Profile.Capabilities.Interactive)
            {
                // Redirected output defaults to 80 columns, which wraps the table and the paths.
                console.Profile.Width = Math.Max(console.Profile.Width, 160);
            }

            console.MarkupLineInterpolated($"[bold]bt optimize[/] {request.Task.Name}: {request.Options.Strategy} on {request.Lm.Description} (run [blue]{request.RunId}[/])");
            foreach (var note in request.Task.DataNotes)
            {
                console.MarkupLineInterpolated($"[yellow]note:[/] {note}");
            }
            OptimizationOutcome outcome;
            try
            {
                if (options.LmEndpoint is not null)
                {
                    // One tiny request first: an unreachable endpoint would otherwise score every example 0.
                    await lm.Client.GetResponseAsync("ping", new ChatOptions { ModelId = lm.ModelId, MaxOutputTokens = 1 }, cancellationToken).ConfigureAwait(false);
                }

                var backend = backendFactory(options);
                outcome = await ProgressView.RunAsync(console, progress => backend.RunAsync(request, progress, cancellationToken)).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                console.MarkupLineInterpolated($"[yellow]cancelled.[/] Finished stages are stored; rerun with --run-id {request.RunId} (and the same settings) to resume.");
                return Failed;
            }
#pragma warning disable CA1031 // Any failure of the run is reported and turned into exit code 1.
            catch (Exception e)
#pragma warning restore CA1031
            {
                console.MarkupLineInterpolated($"[red]run {request.RunId} failed:[/] {CliErrors.Describe(e)}");
                return Failed;
            }

            var report = outcome.Report;
            if (outcome.LmCallsThisInvocation == 0)
            {
                // The stages above said "done in 0.0 s": say why, and how to run afresh.
                console.MarkupLineInterpolated($"[yellow]run {request.RunId} finished earlier;[/] these are its stored results (no LM calls now). Pass another --run-id or --seed for a new run.");
            }

            console.Write(ResultsTable.Create(report));
            foreach (var skipped in report.Steps.Where(s => s.Skipped is not null))
            {
                console.MarkupLineInterpolated($"[yellow]{skipped.Label()}: skipped:[/] {skipped.Skipped}");
            }

            foreach (var note in report.Notes ?? [])
            {
                console.MarkupLineInterpolated($"[yellow]note:[/] {note}");
            }

            if (report.Diagnosis is { } diagnosis)
            {
                console.MarkupLineInterpolated($"[red]diagnosis:[/] {diagnosis}");
                if (ReportView.Failures(report).FirstOrDefault() is { Failures: [var failure, ..] } row)
                {
                    console.MarkupLineInterpolated($"  e.g. {row.Step.Label()}: {failure.Reason}; the reply was: {Flatten(failure.Reply)}");
                }
            }

            if (report.TestScore is { } test)
            {
                console.MarkupLineInterpolated($"best: {ReportView.Describe(report.BestStrategy)} (val {ReportView.Format(report.BestScore)}, test {ReportView.Format(test)})");
            }

            if (outcome.LmCallsThisInvocation > 0)
            {
                console.MarkupLineInterpolated($"{outcome.LmCallsThisInvocation} LM calls this invocation; the run took {report.DurationSeconds:0.0} s");
            }

            var output = options.Output ?? Path.Combine(currentDirectory, "out", request.RunId);
            RunArtifactPaths artifacts;
            try
            {
                artifacts = await RunArtifactWriter.WriteAsync(outcome, Path.IsPathRooted(output) ? output : Path.Combine(currentDirectory, output), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
            {
                console.MarkupLineInterpolated($"[red]could not write the artifacts:[/] {CliErrors.Describe(e)}");
                return Failed;
            }

            foreach (var (label, path) in artifacts.Paths())
            {
                console.MarkupLineInterpolated($"{label,-8} {path}");
            }

            if (report.Error is { } error)
            {
                console.MarkupLineInterpolated($"[red]the run stopped early:[/] {error}");
                return Failed;
            }

            return Ok;
        }
    }

    private static string Flatten(string text) => text.Length == 0 ? "(none)" : text.ReplaceLineEndings(" ⏎ ");
}
