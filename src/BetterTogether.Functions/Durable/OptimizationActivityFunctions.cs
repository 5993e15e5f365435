using BetterTogether.Workflow.Optimization;
using BetterTogether.Workflow.Optimization.Activities;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace BetterTogether.Functions.Durable;

/// <summary>
/// One Durable activity function per activity class, under the activity's own name, so the Durable monitor and
/// Application Insights show <c>BootstrapCandidate</c>, <c>Evaluate</c>, … Each function creates the same activity class
/// the local hosts register (<see cref="OptimizationWorkflow.AddBetterTogether"/>) from the invocation's services.
/// </summary>
/// <remarks>
/// Microsoft.DurableTask.Generators writes exactly these wrappers for <c>[DurableTask]</c> classes, but it is not on
/// our package feed, so they are written here; each is one line over <see cref="RunAsync{TActivity, TInput, TOutput}"/>.
/// </remarks>
public static class OptimizationActivityFunctions
{
    /// <summary><see cref="PrepareDataActivity"/>.</summary>
    [Function(OptimizationActivityNames.PrepareData)]
    public static Task<PrepareDataResult> PrepareData([ActivityTrigger] PrepareDataInput input, string instanceId, FunctionContext context)
        => RunAsync<PrepareDataActivity, PrepareDataInput, PrepareDataResult>(OptimizationActivityNames.PrepareData, input, instanceId, context);

    /// <summary><see cref="EvaluateActivity"/>.</summary>
    [Function(OptimizationActivityNames.Evaluate)]
    public static Task<EvaluateResult> Evaluate([ActivityTrigger] EvaluateInput input, string instanceId, FunctionContext context)
        => RunAsync<EvaluateActivity, EvaluateInput, EvaluateResult>(OptimizationActivityNames.Evaluate, input, instanceId, context);

    /// <summary><see cref="BootstrapCandidateActivity"/>.</summary>
    [Function(OptimizationActivityNames.BootstrapCandidate)]
    public static Task<BootstrapCandidateResult> BootstrapCandidate([ActivityTrigger] BootstrapCandidateInput input, string instanceId, FunctionContext context)
        => RunAsync<BootstrapCandidateActivity, BootstrapCandidateInput, BootstrapCandidateResult>(OptimizationActivityNames.BootstrapCandidate, input, instanceId, context);

    /// <summary><see cref="CollectTracesActivity"/>.</summary>
    [Function(OptimizationActivityNames.CollectTraces)]
    public static Task<CollectTracesResult> CollectTraces([ActivityTrigger] CollectTracesInput input, string instanceId, FunctionContext context)
        => RunAsync<CollectTracesActivity, CollectTracesInput, CollectTracesResult>(OptimizationActivityNames.CollectTraces, input, instanceId, context);

    /// <summary><see cref="BuildFinetuneDataActivity"/>.</summary>
    [Function(OptimizationActivityNames.BuildFinetuneData)]
    public static Task<BuildFinetuneDataResult> BuildFinetuneData([ActivityTrigger] BuildFinetuneDataInput input, string instanceId, FunctionContext context)
        => RunAsync<BuildFinetuneDataActivity, BuildFinetuneDataInput, BuildFinetuneDataResult>(OptimizationActivityNames.BuildFinetuneData, input, instanceId, context);

    /// <summary><see cref="StartTrainingActivity"/>.</summary>
    [Function(OptimizationActivityNames.StartTraining)]
    public static Task<TrainingStatus> StartTraining([ActivityTrigger] StartTrainingInput input, string instanceId, FunctionContext context)
        => RunAsync<StartTrainingActivity, StartTrainingInput, TrainingStatus>(OptimizationActivityNames.StartTraining, input, instanceId, context);

    /// <summary><see cref="GetTrainingStatusActivity"/>.</summary>
    [Function(OptimizationActivityNames.GetTrainingStatus)]
    public static Task<TrainingStatus> GetTrainingStatus([ActivityTrigger] string input, string instanceId, FunctionContext context)
        => RunAsync<GetTrainingStatusActivity, string, TrainingStatus>(OptimizationActivityNames.GetTrainingStatus, input, instanceId, context);

    /// <summary><see cref="ApplyAdaptersActivity"/>.</summary>
    [Function(OptimizationActivityNames.ApplyAdapters)]
    public static Task<ApplyAdaptersResult> ApplyAdapters([ActivityTrigger] ApplyAdaptersInput input, string instanceId, FunctionContext context)
        => RunAsync<ApplyAdaptersActivity, ApplyAdaptersInput, ApplyAdaptersResult>(OptimizationActivityNames.ApplyAdapters, input, instanceId, context);

    /// <summary><see cref="ReportActivity"/>.</summary>
    [Function(OptimizationActivityNames.Report)]
    public static Task<bool> Report([ActivityTrigger] ReportInput input, string instanceId, FunctionContext context)
        => RunAsync<ReportActivity, ReportInput, bool>(OptimizationActivityNames.Report, input, instanceId, context);

    /// <summary>Creates the activity from the invocation's services and runs it.</summary>
    internal static Task<TOutput> RunAsync<TActivity, TInput, TOutput>(string name, TInput input, string instanceId, FunctionContext context)
        where TActivity : TaskActivity<TInput, TOutput>
    {
        ArgumentNullException.ThrowIfNull(context);
        var activity = ActivatorUtilities.GetServiceOrCreateInstance<TActivity>(context.InstanceServices);
        return activity.RunAsync(new FunctionActivityContext(name, instanceId), input);
    }

    private sealed class FunctionActivityContext(string name, string instanceId) : TaskActivityContext
    {
        public override TaskName Name { get; } = name;

        public override string InstanceId { get; } = instanceId;
    }
}
