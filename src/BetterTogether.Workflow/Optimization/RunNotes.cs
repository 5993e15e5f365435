using System.Globalization;

namespace BetterTogether.Workflow.Optimization;

/// <summary>The report's <see cref="OptimizationReport.Notes"/>: each adjustment a run made on its own, said once.</summary>
internal static class RunNotes
{
    /// <summary>A note per size that asked for more examples than the data has (the run used what there was).</summary>
    public static IEnumerable<string> SizesCapped(OptimizationRunRequest request, int trainCount, int valCount, int testCount)
    {
        foreach (var (option, requested, available, set) in new[]
        {
            ("--train-size (trainSize)", request.TrainSize, trainCount, "training"),
            ("--val-size (valSize)", request.ValSize, valCount, "validation"),
            ("--val-size (testSize)", request.TestSize, testCount, "test"),
        })
        {
            if (requested is { } r && r > available)
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"{option} {r} is more than the {available} {set} examples the data has; used {available}.");
            }
        }
    }

    /// <summary>A note when an evaluation left demos out of prompts to fit the context window; null when none were.</summary>
    public static string? DemosDropped(string label, EvaluationOutcomes? outcomes) =>
        outcomes is { DemosDropped: > 0 } o
            ? string.Create(CultureInfo.InvariantCulture, $"{label}: {o.DemosDropped} demo(s) were left out of prompts over {o.Scored} examples so that they fit the model's context window.")
            : null;
}
