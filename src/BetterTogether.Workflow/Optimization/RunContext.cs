using BetterTogether.Core.LanguageModels;
using BetterTogether.Core.Optimizers;
using BetterTogether.Workflow.Optimization.Activities;
using Microsoft.DurableTask;

namespace BetterTogether.Workflow.Optimization;

/// <summary>The orchestrator's state for one episode: the request, the data counts, the usage ledger and progress (pure).</summary>
internal sealed class RunContext
{
    public RunContext(TaskOrchestrationContext context, OptimizationRunRequest request, BetterTogetherStrategy strategy)
    {
        Context = context;
        Request = request;
        Strategy = strategy;
        Ref = new RunRef(context.InstanceId, request.Task, request.Seed);
        Options = request.ActivityMaxAttempts > 1
            ? TaskOptions.FromRetryPolicy(new RetryPolicy(request.ActivityMaxAttempts, request.ActivityRetryInterval, 2.0, request.ActivityRetryInterval * 8) { HandleFailure = IsTransient })
            : new TaskOptions();
    }

    public TaskOrchestrationContext Context { get; }

    public OptimizationRunRequest Request { get; }

    public BetterTogetherStrategy Strategy { get; }

    public RunRef Ref { get; }

    public TaskOptions Options { get; }

    public UsageLedger Ledger { get; } = new();

    public int TrainCount { get; set; }

    public int ValCount { get; set; }

    public int TestCount { get; set; }

    public double? BestScore { get; set; }

    public AdapterReference? Adapter { get; set; }

    public async Task<T> CallAsync<T>(string activity, string stage, object input, Func<T, ActivityUsage> usage)
    {
        // No ConfigureAwait(false): orchestrator continuations must stay on the replay context.
#pragma warning disable CA2007
        var result = await Context.CallActivityAsync<T>(activity, input, Options);
#pragma warning restore CA2007
        Ledger.Add(stage, usage(result));
        return result;
    }

    public void Status(string stage, int step, string? detail)
        => Context.SetCustomStatus(new OptimizationProgress(stage, step, Strategy.Steps.Count, BestScore, detail));

    // Bad data, bad state and bad arguments fail the same way on every attempt; everything else may be transient.
    private static bool IsTransient(TaskFailureDetails failure)
        => !failure.IsCausedBy<InvalidOperationException>() && !failure.IsCausedBy<ArgumentException>()
            && !failure.IsCausedBy<InvalidDataException>() && !failure.IsCausedBy<Core.State.ProgramStateException>();
}
