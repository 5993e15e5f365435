namespace BetterTogether.Pretraining.Evaluation;

/// <summary>One run of a task program on one item: whether the metric passed, and its calls (the trace).</summary>
/// <param name="Correct">The metric's verdict.</param>
/// <param name="Calls">The predictor calls in order.</param>
public sealed record ProgramRun(bool Correct, IReadOnlyList<PredictorCall> Calls);
