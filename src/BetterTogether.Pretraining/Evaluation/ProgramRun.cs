namespace BetterTogether.Pretraining.Evaluation;

/// <summary>One run of a task program on one item: whether the metric passed, and its calls (the trace).</summary>
/// <param name="Correct">The metric's verdict.</param>
/// <param name="Calls">The predictor calls in order.</param>
/// <param name="Miss">Why a wrong run missed, where the task can tell (for the gate's log); null when correct or untold.</param>
public sealed record ProgramRun(bool Correct, IReadOnlyList<PredictorCall> Calls, string? Miss = null);
