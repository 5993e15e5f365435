using System.Globalization;
using BetterTogether.Workflow.Optimization;

namespace BetterTogether.Workflow.Tests.Durability;

/// <summary>Checks shared by the durability tests: a run ended like the reference, and nothing was done twice.</summary>
internal static class RunOutcome
{
    /// <summary>The run completed with the reference's scores, candidates, adapters and program bytes.</summary>
    public static HostResult AssertSameAsReference(CrashRunFolder folder, ReferenceRunFixture reference)
    {
        Assert.True(folder.HasResult, "The host wrote no result.json.");
        var result = folder.ReadResult();
        Assert.True(result.RuntimeStatus == "Completed", $"The run ended {result.RuntimeStatus}: {result.Failure}");
        Assert.Equal(Scores(reference.Report), Scores(result.Report!));
        Assert.Equal(reference.Program, folder.ReadProgram());
        return result;
    }

    /// <summary>
    /// No artifact outside the LM cache was written twice (every activity writes its output last and skips its work when
    /// the output exists, so a second write means completed work ran again), no LM request was sent twice, and the LM
    /// saw exactly the reference run's requests.
    /// </summary>
    public static void AssertNothingDoneTwice(CrashRunFolder folder, ReferenceRunFixture reference)
    {
        var rewritten = folder.ArtifactWrites().GroupBy(w => w.Text, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key} by pids {string.Join(", ", g.Select(w => w.Pid))}").ToList();
        Assert.True(rewritten.Count == 0, $"Artifacts written more than once:\n{string.Join("\n", rewritten)}");
        var calls = folder.LmCalls().Select(c => c.Text).ToList();
        var repeated = calls.GroupBy(c => c, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"{g.Key} ×{g.Count()}").ToList();
        Assert.True(repeated.Count == 0, $"LM requests sent more than once:\n{string.Join("\n", repeated)}");
        Assert.Equal(reference.LmCalls.Order(StringComparer.Ordinal), calls.Order(StringComparer.Ordinal));
    }

    /// <summary>Every score the report holds, with the choices behind it, one line per step.</summary>
    public static IReadOnlyList<string> Scores(OptimizationReport report)
        => [.. report.Steps.Select(s => string.Create(CultureInfo.InvariantCulture,
                $"{s.Strategy}: {s.Score} seed {s.BestSeed} [{string.Join(", ", s.Candidates?.Select(c => $"{c.Seed}={c.Score}") ?? [])}] adapter {s.Adapter} jobs {string.Join(", ", s.TrainingJobs ?? [])} skipped {s.Skipped} error {s.Error}"))
            .Prepend(string.Create(CultureInfo.InvariantCulture, $"baseline {report.BaselineScore}; best \"{report.BestStrategy}\" {report.BestScore}; test {report.TestScore}"))];
}
