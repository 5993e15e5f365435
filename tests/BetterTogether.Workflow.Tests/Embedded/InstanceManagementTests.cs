using BetterTogether.Workflow.Orchestration;
using BetterTogether.Workflow.Tests.Fakes;

namespace BetterTogether.Workflow.Tests.Embedded;

public sealed class InstanceManagementTests
{
    private static WorkflowRegistry Registry() => new WorkflowRegistry()
        .AddActivity<int, int>("Double", (_, x, _) => Task.FromResult(2 * x))
        .AddOrchestrator<int, int>("WaitThenDouble", async (context, x) =>
        {
            var y = await context.WaitForExternalEvent<int>("Go");
            return await context.CallActivityAsync<int>("Double", x + y);
        })
        .AddOrchestrator<int, int>("Double", (context, x) => context.CallActivityAsync<int>("Double", x));

    [Fact]
    public async Task TerminateInstance_Running_StatusTerminatedWithOutput()
    {
        await using var runtime = await TestHost.StartAsync(new InMemoryArtifactStore(), Registry());
        var id = await runtime.ScheduleNewOrchestrationInstanceAsync("WaitThenDouble", 1);
        await runtime.UntilStatusAsync(id, OrchestrationRuntimeStatus.Running);

        await runtime.TerminateInstanceAsync(id, "stopped by test");
        var done = await runtime.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Equal("stopped by test", done.ReadOutputAs<string>());
        await runtime.RaiseEventAsync(id, "Go", 1);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await runtime.GetInstanceAsync(id))!.RuntimeStatus);
    }

    [Fact]
    public async Task SuspendInstance_EventWhileSuspended_HeldUntilResume()
    {
        await using var runtime = await TestHost.StartAsync(new InMemoryArtifactStore(), Registry());
        var id = await runtime.ScheduleNewOrchestrationInstanceAsync("WaitThenDouble", 1);
        await runtime.UntilStatusAsync(id, OrchestrationRuntimeStatus.Running);

        await runtime.SuspendInstanceAsync(id, "maintenance");
        await runtime.RaiseEventAsync(id, "Go", 2);
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, (await runtime.GetInstanceAsync(id))!.RuntimeStatus);
        await runtime.ResumeInstanceAsync(id, "done");
        var done = await runtime.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(6, done.ReadOutputAs<int>());
    }

    [Fact]
    public async Task PurgeInstance_Completed_RemovesStatusAndHistory()
    {
        var store = new InMemoryArtifactStore();
        await using var runtime = await TestHost.StartAsync(store, Registry());
        var id = await runtime.ScheduleNewOrchestrationInstanceAsync("Double", 4, new StartOrchestrationOptions("purge-me"));
        await runtime.WaitAsync(id);
        Assert.Contains(store.Paths, p => p.StartsWith("runs/purge-me/history/", StringComparison.Ordinal));

        Assert.True(await runtime.PurgeInstanceAsync(id));

        Assert.Null(await runtime.GetInstanceAsync(id));
        Assert.DoesNotContain(store.Paths, p => p.Contains("purge-me", StringComparison.Ordinal));
        Assert.False(await runtime.PurgeInstanceAsync(id));
    }

    [Fact]
    public async Task PurgeInstance_Running_Throws()
    {
        await using var runtime = await TestHost.StartAsync(new InMemoryArtifactStore(), Registry());
        var id = await runtime.ScheduleNewOrchestrationInstanceAsync("WaitThenDouble", 1);

        await Assert.ThrowsAsync<InvalidOperationException>(() => runtime.PurgeInstanceAsync(id));
    }

    [Fact]
    public async Task ScheduleNew_ExistingId_ConflictUnlessFinishedAndRestartAllowed()
    {
        await using var runtime = await TestHost.StartAsync(new InMemoryArtifactStore(), Registry());
        var options = new StartOrchestrationOptions("fixed-id");
        await runtime.ScheduleNewOrchestrationInstanceAsync("WaitThenDouble", 1, options);

        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => runtime.ScheduleNewOrchestrationInstanceAsync("Double", 1, options with { AllowRestartOfCompleted = true }));
        await runtime.RaiseEventAsync("fixed-id", "Go", 0);
        Assert.Equal(2, (await runtime.WaitAsync("fixed-id")).ReadOutputAs<int>());
        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => runtime.ScheduleNewOrchestrationInstanceAsync("Double", 5, options));
        await runtime.ScheduleNewOrchestrationInstanceAsync("Double", 5, options with { AllowRestartOfCompleted = true });

        var rerun = await runtime.WaitAsync("fixed-id");
        Assert.Equal("Double", rerun.Name);
        Assert.Equal(10, rerun.ReadOutputAs<int>());
    }

    [Fact]
    public async Task ScheduleNew_UnknownOrchestratorOrBadId_Throws()
    {
        await using var runtime = await TestHost.StartAsync(new InMemoryArtifactStore(), Registry());

        await Assert.ThrowsAsync<ArgumentException>(() => runtime.ScheduleNewOrchestrationInstanceAsync("Missing"));
        await Assert.ThrowsAsync<ArgumentException>(() => runtime.ScheduleNewOrchestrationInstanceAsync("Double", 1, new StartOrchestrationOptions("../escape")));
        await Assert.ThrowsAsync<OrchestrationNotFoundException>(() => runtime.RaiseEventAsync("nobody", "Go"));
    }

    [Fact]
    public async Task GetAllInstances_Filters_ByStatusPrefixAndCreatedRange()
    {
        var time = new ManualTimeProvider(TestHost.Epoch);
        await using var runtime = await TestHost.StartAsync(new InMemoryArtifactStore(), Registry(), time);
        await runtime.ScheduleNewOrchestrationInstanceAsync("Double", 1, new StartOrchestrationOptions("a-1"));
        await runtime.WaitAsync("a-1");
        time.Advance(TimeSpan.FromHours(1));
        await runtime.ScheduleNewOrchestrationInstanceAsync("WaitThenDouble", 1, new StartOrchestrationOptions("a-2"));
        await runtime.ScheduleNewOrchestrationInstanceAsync("WaitThenDouble", 1, new StartOrchestrationOptions("b-1"));
        await runtime.UntilStatusAsync("b-1", OrchestrationRuntimeStatus.Running);

        async Task<string[]> Ids(OrchestrationQuery query)
        {
            var ids = new List<string>();
            await foreach (var m in runtime.GetAllInstancesAsync(query))
            {
                ids.Add(m.InstanceId);
            }

            return [.. ids];
        }

        Assert.Equal(["a-1", "a-2", "b-1"], await Ids(new OrchestrationQuery()));
        Assert.Equal(["a-1", "a-2"], await Ids(new OrchestrationQuery { InstanceIdPrefix = "a-" }));
        Assert.Equal(["a-1"], await Ids(new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Completed] }));
        Assert.Equal(["a-2", "b-1"], await Ids(new OrchestrationQuery { CreatedFrom = TestHost.Epoch.AddMinutes(30) }));
        Assert.Equal(["a-1"], await Ids(new OrchestrationQuery { CreatedTo = TestHost.Epoch.AddMinutes(30) }));
    }
}
