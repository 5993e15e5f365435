using BetterTogether.Core.FineTuning;
using BetterTogether.Core.LanguageModels;

namespace BetterTogether.Workflow.Optimization.Activities;

// The activities' inputs and outputs (JSON in the history). Paths are artifact paths (RunArtifacts).
internal sealed record RunRef(string RunId, string Task, int Seed);

internal sealed record PrepareDataInput(RunRef Run, int? TrainSize, int? ValSize, int? TestSize);

internal sealed record PrepareDataResult(int TrainCount, int ValCount, int TestCount, string BaselinePath, string MetricName, string ModelId, ActivityUsage Usage);

internal sealed record EvaluateInput(RunRef Run, string ProgramPath, string Split, int Shard, int Shards, int MaxErrors);

internal sealed record EvaluateResult(IReadOnlyList<double> Scores, int Errors, bool Aborted, ActivityUsage Usage);

internal sealed record BootstrapCandidateInput(RunRef Run, int Step, string StudentPath, int CandidateSeed, int NumCandidates, int MaxBootstrappedDemos, int MaxLabeledDemos, int MaxErrors);

internal sealed record BootstrapCandidateResult(string ProgramPath, IReadOnlyDictionary<string, int> DemosPerPredictor, ActivityUsage Usage);

internal sealed record CollectTracesInput(RunRef Run, int Step, string ProgramPath, int Shard, int Shards, int MaxErrors);

internal sealed record CollectTracesResult(string TracesPath, int Examples, int Kept, int ParseFailures, ActivityUsage Usage);

internal sealed record BuildFinetuneDataInput(RunRef Run, int Step, string StudentPath, IReadOnlyList<string> TracePaths, FineTuneHyperparameters Hyperparameters);

internal sealed record FinetuneJobSpec(string Key, string BaseModelId, IReadOnlyList<string> PredictorNames, string DataPath, string JobId, int Records);

internal sealed record BuildFinetuneDataResult(IReadOnlyList<FinetuneJobSpec> Jobs, ActivityUsage Usage);

internal sealed record StartTrainingInput(FinetuneJobSpec Job, FineTuneHyperparameters Hyperparameters, int Seed);

internal sealed record TrainingStatus(string JobId, FineTuneJobState State, FineTuneProgress? Progress, AdapterReference? Adapter, string? Error)
{
    public static TrainingStatus From(FineTuneJobStatus status) => new(status.JobId, status.State, status.Progress, status.Adapter, status.Error);
}

internal sealed record ApplyAdaptersInput(RunRef Run, int Step, string StudentPath, IReadOnlyList<FinetuneJobSpec> Jobs, IReadOnlyDictionary<string, AdapterReference> Adapters);

internal sealed record ApplyAdaptersResult(string ProgramPath, IReadOnlyDictionary<string, int> DemosPerPredictor, ActivityUsage Usage);

internal sealed record ReportInput(OptimizationReport Report, string BestProgramPath);
