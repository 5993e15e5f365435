using BetterTogether.Core.LanguageModels;

namespace BetterTogether.Workflow.Optimization;

/// <summary>The outcome of one strategy step.</summary>
/// <param name="Step">1-based step index.</param>
/// <param name="Optimizer">The step's key (<c>p</c> or <c>w</c>).</param>
/// <param name="Strategy">The strategy prefix ending at this step, e.g. <c>"p -> w"</c>.</param>
/// <param name="Score">The validation score (percent); null when the step failed.</param>
/// <param name="DemosPerPredictor">Demos per predictor of the step's program.</param>
/// <param name="Adapter">The LoRA adapter the program serves after this step, if any.</param>
/// <param name="ProgramPath">The step's program state artifact; null when the step failed.</param>
/// <param name="Usage">LM usage and timing of the step.</param>
/// <param name="BestSeed">The winning candidate seed of a prompt step.</param>
/// <param name="Candidates">The candidates of a prompt step, in seed order.</param>
/// <param name="TrainingJobs">The fine-tuning job ids of a weight step.</param>
/// <param name="Error">Why the step failed, or null.</param>
/// <param name="Skipped">Why the step left the program unchanged (a weight step with no correct trace to train on), or null.</param>
/// <param name="Outcomes">
/// What happened to the validation examples of the step's program (for a prompt step, the chosen candidate's), with a
/// few failing examples; null for a failed step and in reports written before outcomes were counted.
/// </param>
public sealed record StepReport(
    int Step,
    string Optimizer,
    string Strategy,
    double? Score,
    IReadOnlyDictionary<string, int> DemosPerPredictor,
    AdapterReference? Adapter,
    string? ProgramPath,
    StageUsage Usage,
    int? BestSeed,
    IReadOnlyList<CandidateScore>? Candidates,
    IReadOnlyList<string>? TrainingJobs,
    string? Error,
    string? Skipped = null,
    EvaluationOutcomes? Outcomes = null);
