namespace BetterTogether.Core.Evaluation;

/// <summary>The outcome of evaluating a program on a set.</summary>
/// <param name="Score">100 × mean score, rounded to 2 decimals (DSPy's <c>EvaluationResult.score</c>).</param>
/// <param name="Results">Per-example results in input order.</param>
public sealed record EvaluationResult(double Score, IReadOnlyList<ExampleResult> Results)
{
    /// <summary>How many examples failed (and got the failure score).</summary>
    public int ErrorCount => Results.Count(r => !r.Succeeded);
}
