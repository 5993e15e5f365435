using Microsoft.DurableTask;

namespace BetterTogether.Durable.Tests.Samples;

/// <summary>Registers every sample orchestrator and activity, as an application's composition root would.</summary>
internal static class SampleTasks
{
    public static void Register(DurableTaskRegistry tasks)
    {
        tasks.AddOrchestrator<FanOutOrchestrator>();
        tasks.AddOrchestrator<RetryOrchestrator>();
        tasks.AddOrchestrator<TimerOrchestrator>();
        tasks.AddOrchestrator<ApprovalOrchestrator>();
        tasks.AddOrchestrator<FailingOrchestrator>();
        tasks.AddOrchestrator<CountdownOrchestrator>();
        tasks.AddOrchestrator<ParentOrchestrator>();
        tasks.AddOrchestrator<ChildOrchestrator>();
        tasks.AddActivity<SquareActivity>();
        tasks.AddActivity<FlakyActivity>();
    }
}
