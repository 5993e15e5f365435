using BetterTogether.Workflow.Orchestration;
using BetterTogether.Workflow.Tests.Fakes;

namespace BetterTogether.Workflow.Tests.Embedded;

public sealed class ActivityTests
{
    [Fact]
    public async Task Run_SequentialActivities_CompletesWithTheirOutputs()
    {
        var registry = new WorkflowRegistry()
            .AddActivity<string, string>("Hello", (_, name, _) => Task.FromResult($"Hello {name}!"))
            .AddOrchestrator<string[], List<string>>("Greet", async (context, cities) =>
            {
                var results = new List<string>();
                foreach (var city in cities)
                {
                    results.Add(await context.CallActivityAsync<string>("Hello", city));
                }

                return results;
            });
        await using var runtime = await TestHost.StartAsync(new InMemoryArtifactStore(), registry);

        var id = await runtime.ScheduleNewOrchestrationInstanceAsync("Greet", new[] { "Tokyo", "Seattle", "London" });
        var done = await runtime.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(["Hello Tokyo!", "Hello Seattle!", "Hello London!"], done.ReadOutputAs<List<string>>()!);
        Assert.Equal(["Tokyo", "Seattle", "London"], done.ReadInputAs<string[]>()!);
    }

    [Fact]
    public async Task Run_FanOutFanIn_RunsAllAndRespectsConcurrencyBound()
    {
        var running = 0;
        var peak = 0;
        var registry = new WorkflowRegistry()
            .AddActivity<int, int>("Square", async (_, x, ct) =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref peak, now);
                await Task.Delay(20, ct);
                Interlocked.Decrement(ref running);
                return x * x;
            })
            .AddOrchestrator<int, int>("SumOfSquares", async (context, n) =>
            {
                var tasks = Enumerable.Range(1, n).Select(i => context.CallActivityAsync<int>("Square", i)).ToList();
                var squares = await Task.WhenAll(tasks);
                return squares.Sum();
            });
        await using var runtime = await TestHost.StartAsync(new InMemoryArtifactStore(), registry, maxConcurrentActivities: 3);

        var done = await runtime.WaitAsync(await runtime.ScheduleNewOrchestrationInstanceAsync("SumOfSquares", 12));

        Assert.Equal(Enumerable.Range(1, 12).Sum(i => i * i), done.ReadOutputAs<int>());
        Assert.InRange(peak, 1, 3);
    }

    [Fact]
    public async Task Run_ActivityFailsTwiceWithRetryPolicy_RetriesAfterBackoffAndSucceeds()
    {
        var time = new ManualTimeProvider(TestHost.Epoch);
        var attempts = 0;
        var registry = new WorkflowRegistry()
            .AddActivity<string, string>("Flaky", (_, input, _) =>
                Interlocked.Increment(ref attempts) <= 2 ? throw new IOException("transient") : Task.FromResult(input + " ok"))
            .AddOrchestrator<string, string>("Retrying", (context, input) =>
                context.CallActivityAsync<string>("Flaky", input, TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromSeconds(10), backoffCoefficient: 2))));
        await using var runtime = await TestHost.StartAsync(new InMemoryArtifactStore(), registry, time);

        var id = await runtime.ScheduleNewOrchestrationInstanceAsync("Retrying", "job");
        await TestHost.UntilAsync(() => time.ActiveTimerCount == 1, "first retry timer");
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(1, Volatile.Read(ref attempts));
        time.Advance(TimeSpan.FromSeconds(1));
        await TestHost.UntilAsync(() => Volatile.Read(ref attempts) == 2 && time.ActiveTimerCount == 1, "second attempt and retry timer");
        time.Advance(TimeSpan.FromSeconds(19));
        Assert.Equal(2, Volatile.Read(ref attempts));
        time.Advance(TimeSpan.FromSeconds(1));
        var done = await runtime.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("job ok", done.ReadOutputAs<string>());
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task Run_ActivityAlwaysFails_OrchestrationFailsWithTaskFailure()
    {
        var time = new ManualTimeProvider(TestHost.Epoch);
        var registry = new WorkflowRegistry()
            .AddActivity<int, int>("Broken", (_, _, _) => throw new InvalidOperationException("disk on fire"))
            .AddOrchestrator<int, int>("Doomed", (context, x) =>
                context.CallActivityAsync<int>("Broken", x, TaskOptions.FromRetryPolicy(new RetryPolicy(2, TimeSpan.FromSeconds(1)))));
        await using var runtime = await TestHost.StartAsync(new InMemoryArtifactStore(), registry, time);

        var id = await runtime.ScheduleNewOrchestrationInstanceAsync("Doomed", 1);
        await TestHost.UntilAsync(() => time.ActiveTimerCount == 1, "retry timer");
        time.Advance(TimeSpan.FromSeconds(1));
        var done = await runtime.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal(typeof(TaskFailedException).FullName, done.FailureDetails!.ErrorType);
        Assert.Contains("disk on fire", done.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_CaughtTaskFailure_OrchestratorSeesFailureDetails()
    {
        var registry = new WorkflowRegistry()
            .AddActivity<int, int>("Broken", (_, _, _) => throw new FormatException("bad number"))
            .AddOrchestrator<int, string>("Catching", async (context, x) =>
            {
                try
                {
                    return (await context.CallActivityAsync<int>("Broken", x)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                catch (TaskFailedException ex) when (ex.FailureDetails.IsCausedBy<FormatException>())
                {
                    return $"{ex.TaskName}: {ex.FailureDetails.ErrorMessage}";
                }
            });
        await using var runtime = await TestHost.StartAsync(new InMemoryArtifactStore(), registry);

        var done = await runtime.WaitAsync(await runtime.ScheduleNewOrchestrationInstanceAsync("Catching", 1));

        Assert.Equal("Broken: bad number", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Run_UnknownActivity_FailsWithClearError()
    {
        var registry = new WorkflowRegistry().AddOrchestrator<int, int>("Lost", (context, _) => context.CallActivityAsync<int>("Nope"));
        await using var runtime = await TestHost.StartAsync(new InMemoryArtifactStore(), registry);

        var done = await runtime.WaitAsync(await runtime.ScheduleNewOrchestrationInstanceAsync("Lost"));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Contains("No activity named 'Nope'", done.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
