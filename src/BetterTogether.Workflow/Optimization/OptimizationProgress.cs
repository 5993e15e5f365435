namespace BetterTogether.Workflow.Optimization;

/// <summary>The custom status of a run: where it is and how well it does so far.</summary>
/// <param name="Stage">The current stage: <c>prepare</c>, <c>baseline</c>, <c>bootstrap</c>, <c>evaluate</c>, <c>traces</c>, <c>finetune-data</c>, <c>training</c>, <c>test</c>, <c>report</c>, <c>done</c> or <c>failed</c>.</param>
/// <param name="Step">The current strategy step (1-based; 0 before the first).</param>
/// <param name="TotalSteps">The strategy's steps.</param>
/// <param name="BestScore">The best validation score so far (percent), once known.</param>
/// <param name="Detail">What is happening right now, in words.</param>
public sealed record OptimizationProgress(string Stage, int Step, int TotalSteps, double? BestScore, string? Detail);
