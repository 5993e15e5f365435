using BetterTogether.Workflow.Orchestration;
using BetterTogether.Workflow.Tests.Fakes;
using Microsoft.Extensions.Logging;

namespace BetterTogether.Workflow.Tests.Embedded;

public sealed class ReplayTests
{
    [Fact]
    public async Task Restart_MidRun_CompletedActivitiesAreNotExecutedAgain()
    {
        var store = new InMemoryArtifactStore();
        var executions = new int[4];
        var block = new TaskCompletionSource();
        WorkflowRegistry Registry(bool blockStep2) => new WorkflowRegistry()
            .AddActivity<int, int>("Step", async (_, step, ct) =>
            {
                Interlocked.Increment(ref executions[step]);
                if (step == 2 && blockStep2)
                {
                    await block.Task.WaitAsync(ct);
                }

                return step * 10;
            })
            .AddOrchestrator<int, int>("Steps", async (context, _) =>
            {
                var sum = 0;
                for (var step = 1; step <= 3; step++)
                {
                    sum += await context.CallActivityAsync<int>("Step", step);
                }

                return sum;
            });

        string id;
        await using (var first = await TestHost.StartAsync(store, Registry(blockStep2: true)))
        {
            id = await first.ScheduleNewOrchestrationInstanceAsync("Steps");
            await TestHost.UntilAsync(() => Volatile.Read(ref executions[2]) == 1, "step 2 started");
        }

        await using var second = await TestHost.StartAsync(store, Registry(blockStep2: false));
        var done = await second.WaitAsync(id);

        Assert.Equal(60, done.ReadOutputAs<int>());
        Assert.Equal(1, executions[1]);
        Assert.Equal(2, executions[2]);
        Assert.Equal(1, executions[3]);
    }

    [Fact]
    public async Task Replay_CodeChangedWhileRunning_FailsWithNonDeterminismError()
    {
        var store = new InMemoryArtifactStore();
        var v1 = new WorkflowRegistry()
            .AddActivity<int, int>("A", (_, x, _) => Task.FromResult(x))
            .AddActivity<int, int>("B", (_, x, _) => Task.FromResult(x))
            .AddOrchestrator<int, int>("Evolving", async (context, _) =>
            {
                var a = await context.CallActivityAsync<int>("A", 1);
                return a + await context.WaitForExternalEvent<int>("Go");
            });
        var v2 = new WorkflowRegistry()
            .AddActivity<int, int>("A", (_, x, _) => Task.FromResult(x))
            .AddActivity<int, int>("B", (_, x, _) => Task.FromResult(x))
            .AddOrchestrator<int, int>("Evolving", async (context, _) =>
            {
                var b = await context.CallActivityAsync<int>("B", 1);
                return b + await context.WaitForExternalEvent<int>("Go");
            });

        string id;
        await using (var first = await TestHost.StartAsync(store, v1))
        {
            id = await first.ScheduleNewOrchestrationInstanceAsync("Evolving");
            await TestHost.UntilAsync(() => store.Paths.Count(p => p.Contains("/history/", StringComparison.Ordinal)) >= 3, "activity A recorded");
        }

        await using var second = await TestHost.StartAsync(store, v2);
        await second.RaiseEventAsync(id, "Go", 1);
        var done = await second.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal(typeof(NonDeterministicOrchestrationException).FullName, done.FailureDetails!.ErrorType);
        Assert.Contains("activity 'B' as task 0", done.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("activity 'A'", done.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewGuid_ReplayedManyTimes_IsStableAndNameBased()
    {
        var registry = new WorkflowRegistry()
            .AddActivity<Guid, Guid>("Echo", (_, g, _) => Task.FromResult(g))
            .AddOrchestrator<int, Guid[]>("Guids", async (context, _) =>
            {
                var first = context.NewGuid();
                var echoed = await context.CallActivityAsync<Guid>("Echo", first);
                await context.CallActivityAsync<Guid>("Echo", first);
                return [first, echoed, context.NewGuid()];
            });
        await using var runtime = await TestHost.StartAsync(new InMemoryArtifactStore(), registry);

        var id = await runtime.ScheduleNewOrchestrationInstanceAsync("Guids", 0, new StartOrchestrationOptions("run-1"));
        var guids = (await runtime.WaitAsync(id)).ReadOutputAs<Guid[]>()!;

        Assert.Equal(guids[0], guids[1]);
        Assert.NotEqual(guids[0], guids[2]);
        Assert.Equal(Guid.Parse("f2c1e147-a5db-5aef-bbad-731dde7b4de5"), guids[0]);
    }

    [Fact]
    public async Task ReplaySafeLogger_ManyEpisodes_LogsEachLineOnce()
    {
        var logger = new ListLogger();
        var registry = new WorkflowRegistry()
            .AddActivity<int, int>("Inc", (_, x, _) => Task.FromResult(x + 1))
            .AddOrchestrator<int, int>("Counting", async (context, x) =>
            {
                var log = context.CreateReplaySafeLogger(logger);
                for (var i = 0; i < 4; i++)
                {
#pragma warning disable CA1848, CA2254
                    log.LogInformation("step " + i);
#pragma warning restore CA1848, CA2254
                    x = await context.CallActivityAsync<int>("Inc", x);
                }

                return x;
            });
        await using var runtime = await TestHost.StartAsync(new InMemoryArtifactStore(), registry);

        var done = await runtime.WaitAsync(await runtime.ScheduleNewOrchestrationInstanceAsync("Counting", 0));

        Assert.Equal(4, done.ReadOutputAs<int>());
        Assert.Equal(["step 0", "step 1", "step 2", "step 3"], logger.Lines);
    }

    [Fact]
    public async Task ContinueAsNew_Loop_RestartsWithFreshHistory()
    {
        var store = new InMemoryArtifactStore();
        var registry = new WorkflowRegistry()
            .AddActivity<int, int>("Inc", (_, x, _) => Task.FromResult(x + 1))
            .AddOrchestrator<int, int>("Loop", async (context, x) =>
            {
                if (x >= 3)
                {
                    return x;
                }

                context.ContinueAsNew(await context.CallActivityAsync<int>("Inc", x));
                return -1;
            });
        await using var runtime = await TestHost.StartAsync(store, registry);

        var done = await runtime.WaitAsync(await runtime.ScheduleNewOrchestrationInstanceAsync("Loop", 0, new StartOrchestrationOptions("loop")));

        Assert.Equal(3, done.ReadOutputAs<int>());
        Assert.Equal(3, done.ReadInputAs<int>());
        Assert.All(store.Paths.Where(p => p.StartsWith("runs/loop/history/", StringComparison.Ordinal)), p => Assert.Contains("/000003-", p, StringComparison.Ordinal));
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines)
            {
                Lines.Add(formatter(state, exception));
            }
        }
    }
}
