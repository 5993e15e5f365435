namespace BetterTogether.Workflow.Optimization;

/// <summary>What a successful step hands to the next one and to the report.</summary>
internal sealed record StepOutcome(
    double Score,
    string ProgramPath,
    IReadOnlyDictionary<string, int> DemosPerPredictor,
    int? BestSeed,
    IReadOnlyList<CandidateScore>? Candidates,
    IReadOnlyList<string>? TrainingJobs,
    string? Skipped = null,
    EvaluationOutcomes? Outcomes = null);
