using BetterTogether.Core.FineTuning;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Core.Optimizers;

namespace BetterTogether.Workflow.Optimization.Activities;

// Public so that the Azure Functions app can bind its activity triggers to them; each is documented by the activity
// that takes or returns it, and the fields are the JSON in the orchestration history.
#pragma warning disable CS1591

// The activities' inputs and outputs (JSON in the history). Paths are artifact paths (RunArtifacts).
public sealed record RunRef(string RunId, string Task, int Seed);

public sealed record PrepareDataInput(RunRef Run, int? TrainSize, int? ValSize, int? TestSize);

public sealed record PrepareDataResult(int TrainCount, int ValCount, int TestCount, string BaselinePath, string MetricName, string ModelId, ActivityUsage Usage);

public sealed record EvaluateInput(RunRef Run, string ProgramPath, string Split, int Shard, int Shards, int MaxErrors);

public sealed record EvaluateResult(IReadOnlyList<double> Scores, int Errors, bool Aborted, ActivityUsage Usage, EvaluationOutcomes? Outcomes = null)
{
    internal static EvaluateResult From(EvaluationOutcome outcome, EvaluationOutcomes outcomes, ActivityUsage usage) => new(outcome.ExampleScores, outcome.Errors, outcome.Aborted, usage, outcomes);

    internal EvaluationOutcome ToOutcome() => Aborted ? BetterTogetherStepPolicy.Aborted(Errors) : BetterTogetherStepPolicy.Completed(Scores, Errors);
}

public sealed record BootstrapCandidateInput(RunRef Run, int Step, string StudentPath, int CandidateSeed, int NumCandidates, int MaxBootstrappedDemos, int MaxLabeledDemos, int MaxErrors);

public sealed record BootstrapCandidateResult(string ProgramPath, IReadOnlyDictionary<string, int> DemosPerPredictor, ActivityUsage Usage);

public sealed record CollectTracesInput(RunRef Run, int Step, string ProgramPath, int Shard, int Shards);

public sealed record CollectTracesResult(string TracesPath, int Examples, int Kept, int ParseFailures, ActivityUsage Usage);

public sealed record BuildFinetuneDataInput(RunRef Run, int Step, string StudentPath, IReadOnlyList<string> TracePaths, FineTuneHyperparameters Hyperparameters, int Seed);

public sealed record FinetuneJobSpec(string Key, string BaseModelId, IReadOnlyList<string> PredictorNames, string DataPath, string JobId, int Records);

public sealed record BuildFinetuneDataResult(IReadOnlyList<FinetuneJobSpec> Jobs, ActivityUsage Usage);

public sealed record StartTrainingInput(FinetuneJobSpec Job, FineTuneHyperparameters Hyperparameters, int Seed);

public sealed record TrainingStatus(string JobId, FineTuneJobState State, FineTuneProgress? Progress, AdapterReference? Adapter, string? Error)
{
    public static TrainingStatus From(FineTuneJobStatus status) => new(status.JobId, status.State, status.Progress, status.Adapter, status.Error);
}

public sealed record ApplyAdaptersInput(RunRef Run, int Step, string StudentPath, IReadOnlyList<FinetuneJobSpec> Jobs, IReadOnlyDictionary<string, AdapterReference> Adapters);

public sealed record ApplyAdaptersResult(string ProgramPath, IReadOnlyDictionary<string, int> DemosPerPredictor, ActivityUsage Usage);

public sealed record ReportInput(OptimizationReport Report, string BestProgramPath);
