using BetterTogether.Workflow.Optimization;
using BetterTogether.Workflow.Tests.Optimization;

namespace BetterTogether.Workflow.CrashHost;

/// <summary>The one run every host process starts or works on: a small "p -> w" run of the addition task.</summary>
internal static class CrashRun
{
    public const string InstanceId = "crash-run";

    /// <summary>
    /// The budgets of the orchestration tests' request (five candidates, three shards per evaluation and trace collection),
    /// one attempt per activity so a failure is loud, and polls a tenth of a second apart so training spans a few of them.
    /// </summary>
    public static OptimizationRunRequest Request { get; } = new()
    {
        Task = AdditionTask.Name,
        Strategy = "p -> w",
        Seed = 7,
        NumCandidates = 2,
        MaxBootstrappedDemos = 2,
        MaxLabeledDemos = 4,
        EvaluationShards = 3,
        TraceShards = 3,
        TrainingPollInterval = TimeSpan.FromMilliseconds(100),
        MaxTrainingPollInterval = TimeSpan.FromMilliseconds(200),
        ActivityMaxAttempts = 1,
    };
}
