using BetterTogether.Core.Examples;

namespace BetterTogether.Pretraining.Evaluation;

/// <summary>How many calls dropped demos to fit the context, how many demos they dropped, and how many were offered in all.</summary>
/// <param name="Calls">Calls that dropped at least one demo.</param>
/// <param name="Demos">Demos dropped.</param>
/// <param name="Offered">Demos offered to all calls.</param>
internal readonly record struct DroppedDemos(int Calls, int Demos, int Offered)
{
    /// <summary>These counts plus one run's calls.</summary>
    /// <param name="calls">The run's calls.</param>
    /// <param name="demos">The demos per predictor the run was given.</param>
    /// <returns>The sums.</returns>
    public DroppedDemos Add(IEnumerable<PredictorCall> calls, IReadOnlyDictionary<string, IReadOnlyList<Example>> demos)
    {
        var (c, d, o) = (Calls, Demos, Offered);
        foreach (var call in calls)
        {
            c += call.DemosDropped > 0 ? 1 : 0;
            d += call.DemosDropped;
            o += demos.TryGetValue(call.Predictor, out var offered) ? offered.Count : 0;
        }

        return new DroppedDemos(c, d, o);
    }
}
