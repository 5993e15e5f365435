namespace BetterTogether.Core.Evaluation;

/// <summary>The outcome of evaluating a program on a set.</summary>
/// <param name="Score">100 × mean score, rounded to 2 decimals (DSPy's <c>EvaluationResult.score</c>).</param>
/// <param name="Results">Per-example results in input order.</param>
public sealed record EvaluationResult(double Score, IReadOnlyList<ExampleResult> Results)
{
    /// <summary>How many examples failed (and got the failure score).</summary>
    public int ErrorCount => Results.Count(r => !r.Succeeded);

    /// <summary>The score of per-example scores: 100 × mean, rounded half to even to 2 decimals, summed in the given order.</summary>
    /// <exception cref="ArgumentException">There are no scores.</exception>
    public static double ScoreOf(IReadOnlyCollection<double> exampleScores)
    {
        ArgumentNullException.ThrowIfNull(exampleScores);
        if (exampleScores.Count == 0)
        {
            throw new ArgumentException("There are no example scores to aggregate.", nameof(exampleScores));
        }

        return Math.Round(100.0 * exampleScores.Sum() / exampleScores.Count, 2, MidpointRounding.ToEven);
    }
}
