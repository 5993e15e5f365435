using BetterTogether.Workflow.Optimization;
using BetterTogether.Workflow.Tests.Optimization;

namespace BetterTogether.Workflow.CrashHost;

/// <summary>The one run every host process starts or works on: a small "p -> w" run of the addition task.</summary>
internal static class CrashRun
{
    public const string InstanceId = "crash-run";

    /// <summary>The orchestration tests' budgets, with polls a tenth of a second apart so training spans a few of them.</summary>
    public static OptimizationRunRequest Request { get; } = AdditionTask.Request("p -> w", pollMilliseconds: 100, maxPollMilliseconds: 200);
}
