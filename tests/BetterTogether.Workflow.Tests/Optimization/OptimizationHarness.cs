using BetterTogether.Storage;
using BetterTogether.Workflow.Embedded;
using BetterTogether.Workflow.Optimization;
using BetterTogether.Workflow.Orchestration;
using BetterTogether.Workflow.Tests.Fakes;

namespace BetterTogether.Workflow.Tests.Optimization;

/// <summary>An embedded runtime running the BetterTogether orchestration over an in-memory store, a scripted LM and a fake fine-tuner.</summary>
internal static class OptimizationHarness
{
    public static OptimizationRunRequest Request(string strategy = "p -> w -> p") => new()
    {
        Task = AdditionTask.Name,
        Strategy = strategy,
        Seed = 7,
        NumCandidates = 2,
        MaxBootstrappedDemos = 2,
        MaxLabeledDemos = 4,
        EvaluationShards = 3,
        TraceShards = 3,
        TrainingPollInterval = TimeSpan.FromMilliseconds(20),
        MaxTrainingPollInterval = TimeSpan.FromMilliseconds(50),
        ActivityMaxAttempts = 1,
    };

    public static async Task<EmbeddedOrchestrationRuntime> StartAsync(InMemoryArtifactStore store, AdditionLm lm, InMemoryFineTuner fineTuner, int maxConcurrentActivities = 4)
    {
        var environment = new OptimizationEnvironment(store, lm, "scripted-addition", fineTuner, AdditionTask.Resolve);
        return await TestHost.StartAsync(store, new WorkflowRegistry().AddBetterTogether(environment), maxConcurrentActivities: maxConcurrentActivities);
    }

    public static Task<string> ScheduleAsync(IOrchestrationClient client, OptimizationRunRequest request, string id)
        => client.ScheduleNewOrchestrationInstanceAsync(OptimizationActivityNames.Orchestration, request, new StartOrchestrationOptions(id));

    public static async Task<T> ReadJsonAsync<T>(IArtifactStore store, string path)
        => await store.ReadJsonAsync<T>(path, ReportJson.Options) ?? throw new InvalidOperationException($"{path} is null");
}
