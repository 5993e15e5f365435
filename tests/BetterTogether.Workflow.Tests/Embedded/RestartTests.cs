using BetterTogether.Workflow.Orchestration;
using BetterTogether.Workflow.Tests.Fakes;

namespace BetterTogether.Workflow.Tests.Embedded;

public sealed class RestartTests
{
    private static WorkflowRegistry Registry(TaskCompletionSource? gate, Action? onRun = null) => new WorkflowRegistry()
        .AddActivity<int, int>("Gated", async (_, x, ct) =>
        {
            onRun?.Invoke();
            if (gate is not null)
            {
                await gate.Task.WaitAsync(ct);
            }

            return x;
        })
        .AddOrchestrator<int, int>("GatedThenEvent", async (context, x) =>
        {
            var a = await context.CallActivityAsync<int>("Gated", x);
            return a + await context.WaitForExternalEvent<int>("Add");
        });

    [Fact]
    public async Task RaiseEvent_BeforeRestart_IsDeliveredFromHistoryAfterRestart()
    {
        var store = new InMemoryArtifactStore();
        var started = new TaskCompletionSource();
        string id;
        await using (var first = await TestHost.StartAsync(store, Registry(new TaskCompletionSource(), () => started.TrySetResult())))
        {
            id = await first.ScheduleNewOrchestrationInstanceAsync("GatedThenEvent", 40);
            await started.Task.WaitAsync(TestHost.Timeout);
            await first.RaiseEventAsync(id, "Add", 2);
        }

        await using var second = await TestHost.StartAsync(store, Registry(gate: null));

        Assert.Equal(42, (await second.WaitAsync(id)).ReadOutputAs<int>());
    }

    [Fact]
    public async Task SuspendInstance_AcrossRestart_StaysSuspendedUntilResumed()
    {
        var store = new InMemoryArtifactStore();
        string id;
        await using (var first = await TestHost.StartAsync(store, Registry(gate: null)))
        {
            id = await first.ScheduleNewOrchestrationInstanceAsync("GatedThenEvent", 1);
            await first.UntilStatusAsync(id, OrchestrationRuntimeStatus.Running);
            await first.SuspendInstanceAsync(id);
            await first.RaiseEventAsync(id, "Add", 1);
        }

        await using var second = await TestHost.StartAsync(store, Registry(gate: null));
        await second.UntilStatusAsync(id, OrchestrationRuntimeStatus.Suspended);
        await second.ResumeInstanceAsync(id);

        Assert.Equal(2, (await second.WaitAsync(id)).ReadOutputAs<int>());
    }

    [Fact]
    public async Task TerminateInstance_ActivityInFlight_ResultIsDroppedAndStatusTerminated()
    {
        var gate = new TaskCompletionSource();
        var started = new TaskCompletionSource();
        var store = new InMemoryArtifactStore();
        await using var runtime = await TestHost.StartAsync(store, Registry(gate, () => started.TrySetResult()));
        var id = await runtime.ScheduleNewOrchestrationInstanceAsync("GatedThenEvent", 1);
        await started.Task.WaitAsync(TestHost.Timeout);

        await runtime.TerminateInstanceAsync(id);
        gate.SetResult();
        var done = await runtime.WaitAsync(id);
        var restartAllowed = await runtime.ScheduleNewOrchestrationInstanceAsync("GatedThenEvent", 5, new StartOrchestrationOptions(id, AllowRestartOfCompleted: true));
        await runtime.RaiseEventAsync(restartAllowed, "Add", 1);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Equal(6, (await runtime.WaitAsync(id)).ReadOutputAs<int>());
    }
}
