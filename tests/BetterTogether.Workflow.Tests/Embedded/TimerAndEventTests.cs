using BetterTogether.Workflow.Orchestration;
using BetterTogether.Workflow.Tests.Fakes;

namespace BetterTogether.Workflow.Tests.Embedded;

public sealed class TimerAndEventTests
{
    [Fact]
    public async Task CreateTimer_FakeClockAdvanced_FiresAndTimeMovesInContext()
    {
        var time = new ManualTimeProvider(TestHost.Epoch);
        var registry = new WorkflowRegistry().AddOrchestrator<int, DateTime[]>("Sleeper", async (context, _) =>
        {
            var before = context.CurrentUtcDateTime;
            await context.CreateTimer(TimeSpan.FromHours(1), CancellationToken.None);
            return [before, context.CurrentUtcDateTime];
        });
        await using var runtime = await TestHost.StartAsync(new InMemoryArtifactStore(), registry, time);

        var id = await runtime.ScheduleNewOrchestrationInstanceAsync("Sleeper");
        await TestHost.UntilAsync(() => time.ActiveTimerCount == 1, "timer armed");
        time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await runtime.GetInstanceAsync(id))!.RuntimeStatus);
        time.Advance(TimeSpan.FromMinutes(1));
        var done = await runtime.WaitAsync(id);

        var times = done.ReadOutputAs<DateTime[]>()!;
        Assert.Equal(TestHost.Epoch.UtcDateTime, times[0]);
        Assert.Equal(TestHost.Epoch.UtcDateTime.AddHours(1), times[1]);
    }

    [Fact]
    public async Task CreateTimer_RuntimeRestarted_TimerIsReArmedFromHistory()
    {
        var time = new ManualTimeProvider(TestHost.Epoch);
        var store = new InMemoryArtifactStore();
        var registry = new WorkflowRegistry().AddOrchestrator<int, string>("Sleeper", async (context, _) =>
        {
            await context.CreateTimer(TestHost.Epoch.UtcDateTime.AddMinutes(5), CancellationToken.None);
            return "woke";
        });
        string id;
        await using (var first = await TestHost.StartAsync(store, registry, time))
        {
            id = await first.ScheduleNewOrchestrationInstanceAsync("Sleeper");
            await TestHost.UntilAsync(() => time.ActiveTimerCount == 1, "timer armed");
        }

        Assert.Equal(0, time.ActiveTimerCount);
        await using var second = await TestHost.StartAsync(store, registry, time);
        await TestHost.UntilAsync(() => time.ActiveTimerCount == 1, "timer re-armed");
        time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal("woke", (await second.WaitAsync(id)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task WaitForExternalEvent_EventRaised_CompletesWithPayload()
    {
        var registry = new WorkflowRegistry().AddOrchestrator<int, string>("Approval", async (context, _) =>
        {
            context.SetCustomStatus(new { stage = "waiting" });
            var decision = await context.WaitForExternalEvent<string>("Approved");
            return $"approved by {decision}";
        });
        await using var runtime = await TestHost.StartAsync(new InMemoryArtifactStore(), registry);

        var id = await runtime.ScheduleNewOrchestrationInstanceAsync("Approval");
        await TestHost.UntilAsync(async () => (await runtime.GetInstanceAsync(id))?.SerializedCustomStatus is not null, "custom status");
        await runtime.RaiseEventAsync(id, "approved", "ada");
        var done = await runtime.WaitAsync(id);

        Assert.Equal("approved by ada", done.ReadOutputAs<string>());
        Assert.Equal("{\"stage\":\"waiting\"}", done.SerializedCustomStatus);
    }

    [Fact]
    public async Task WaitForExternalEvent_EventRaisedBeforeWait_IsBuffered()
    {
        var registry = new WorkflowRegistry()
            .AddActivity<int, int>("Slow", async (_, x, ct) =>
            {
                await Task.Delay(50, ct);
                return x;
            })
            .AddOrchestrator<int, int>("Late", async (context, _) =>
            {
                var x = await context.CallActivityAsync<int>("Slow", 20);
                return x + await context.WaitForExternalEvent<int>("Add");
            });
        await using var runtime = await TestHost.StartAsync(new InMemoryArtifactStore(), registry);

        var id = await runtime.ScheduleNewOrchestrationInstanceAsync("Late");
        await runtime.RaiseEventAsync(id, "Add", 22);

        Assert.Equal(42, (await runtime.WaitAsync(id)).ReadOutputAs<int>());
    }

    [Fact]
    public async Task WaitForExternalEvent_TimeoutTimerWins_OrchestratorCancelsWait()
    {
        var time = new ManualTimeProvider(TestHost.Epoch);
        var registry = new WorkflowRegistry().AddOrchestrator<int, string>("Deadline", async (context, _) =>
        {
            using var cts = new CancellationTokenSource();
            var approval = context.WaitForExternalEvent<string>("Approved", cts.Token);
            var timeout = context.CreateTimer(TimeSpan.FromMinutes(10), cts.Token);
            var winner = await Task.WhenAny(approval, timeout);
            cts.Cancel();
            return winner == approval ? "approved" : "timed out";
        });
        await using var runtime = await TestHost.StartAsync(new InMemoryArtifactStore(), registry, time);

        var id = await runtime.ScheduleNewOrchestrationInstanceAsync("Deadline");
        await TestHost.UntilAsync(() => time.ActiveTimerCount == 1, "timer armed");
        time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal("timed out", (await runtime.WaitAsync(id)).ReadOutputAs<string>());
    }
}
