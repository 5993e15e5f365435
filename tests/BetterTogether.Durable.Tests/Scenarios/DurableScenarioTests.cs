using BetterTogether.Durable.Tests.Infrastructure;
using BetterTogether.Durable.Tests.Samples;
using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Xunit.Abstractions;

namespace BetterTogether.Durable.Tests.Scenarios;

/// <summary>
/// Durable behaviours through the real engine, worker and client, run once per backend by the subclasses. Each test
/// starts its own host on a fresh backend (its own database file or task hub).
/// </summary>
public abstract class DurableScenarioTests(ITestOutputHelper output)
{
    /// <summary>A fresh backend for one test.</summary>
    protected abstract DurableBackendOptions CreateBackend();

    /// <summary>Whether the backend keeps a failure's inner failure and stack trace (Azure Storage keeps only "type: message").</summary>
    protected abstract bool KeepsFullFailureDetails { get; }

    /// <summary>How much earlier than due a timer or delayed start may fire (Azure Storage queue visibility is in whole seconds).</summary>
    protected abstract TimeSpan TimerGranularity { get; }

    [Fact]
    public async Task ScheduleNewOrchestrationInstance_FanOutOfTenActivities_ReturnsSumOfSquares()
    {
        await using var host = await StartAsync();
        using var timeout = TestTimeout.Start();

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOutOrchestrator), 10, timeout.Token);
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(385, done.ReadOutputAs<int>());
        Assert.Equal(10, done.ReadInputAs<int>());
        Assert.Equal(Enumerable.Range(1, 10), host.Log.Squares.Select(s => s.Input).Order());
        Assert.Equal(10, host.Log.Squares.Select(s => s.Scope).Distinct().Count());
    }

    [Fact]
    public async Task CallActivity_TransientFailuresUnderRetryPolicy_RetriesUntilSuccess()
    {
        await using var host = await StartAsync();
        using var timeout = TestTimeout.Start();
        var request = new FlakyRequest(NewId("flaky"), FailingAttempts: 2, Permanent: false);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(RetryOrchestrator), request, timeout.Token);
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(3, done.ReadOutputAs<int>());
        Assert.Equal(3, host.Log.Attempts(request.Key));
    }

    [Fact]
    public async Task CallActivity_FailureTheRetryPolicyDoesNotHandle_FailsOrchestrationAfterOneAttempt()
    {
        await using var host = await StartAsync();
        using var timeout = TestTimeout.Start();
        var request = new FlakyRequest(NewId("permanent"), FailingAttempts: 5, Permanent: true);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(RetryOrchestrator), request, timeout.Token);
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal(1, host.Log.Attempts(request.Key));
        var failure = Assert.IsType<TaskFailureDetails>(done.FailureDetails);
        Assert.Equal(typeof(Microsoft.DurableTask.TaskFailedException).FullName, failure.ErrorType);
        Assert.Contains("failed for good", failure.ErrorMessage, StringComparison.Ordinal);
        if (KeepsFullFailureDetails)
        {
            Assert.Equal(typeof(InvalidOperationException).FullName, failure.InnerFailure?.ErrorType);
            Assert.True(failure.InnerFailure!.IsCausedBy<InvalidOperationException>());
        }
    }

    [Fact]
    public async Task ScheduleNewOrchestrationInstance_OrchestratorThrows_ReportsFailureDetails()
    {
        await using var host = await StartAsync();
        using var timeout = TestTimeout.Start();

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FailingOrchestrator), "boom", timeout.Token);
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        var failure = Assert.IsType<TaskFailureDetails>(done.FailureDetails);
        Assert.Equal(typeof(InvalidOperationException).FullName, failure.ErrorType);
        Assert.Equal("boom", failure.ErrorMessage);
        Assert.True(failure.IsCausedBy<InvalidOperationException>());
        Assert.Equal(KeepsFullFailureDetails, !string.IsNullOrEmpty(failure.StackTrace));
    }

    [Fact]
    public async Task CreateTimer_OneAndAHalfSeconds_FiresNoEarlierThanTheBackendAllows()
    {
        await using var host = await StartAsync();
        using var timeout = TestTimeout.Start();

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TimerOrchestrator), 1500, timeout.Token);
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var elapsed = TimeSpan.FromMilliseconds(done.ReadOutputAs<double>());
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(1500) - TimerGranularity, $"The 1.5 s timer fired after {elapsed.TotalMilliseconds} ms of orchestration time.");
    }

    [Fact]
    public async Task RaiseEvent_WaitingOrchestration_CompletesWithEventAndCustomStatus()
    {
        await using var host = await StartAsync();
        using var timeout = TestTimeout.Start();

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ApprovalOrchestrator), "order-1", timeout.Token);
        var waiting = await WaitForCustomStatusAsync(host, id, ApprovalOrchestrator.Waiting, timeout.Token);
        await host.Client.RaiseEventAsync(id, ApprovalOrchestrator.EventName, "alice", timeout.Token);
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Running, waiting.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("order-1 approved by alice", done.ReadOutputAs<string>());
        Assert.Equal("approved by alice", done.ReadCustomStatusAs<string>());
    }

    [Fact]
    public async Task TerminateInstance_WaitingOrchestration_EndsTerminatedWithGivenOutput()
    {
        await using var host = await StartAsync();
        using var timeout = TestTimeout.Start();

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ApprovalOrchestrator), "order-2", timeout.Token);
        await WaitForCustomStatusAsync(host, id, ApprovalOrchestrator.Waiting, timeout.Token);
        await host.Client.TerminateInstanceAsync(id, "stopped by test", timeout.Token);
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Equal("stopped by test", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task SuspendInstance_EventWhileSuspended_IsDeliveredOnlyAfterResume()
    {
        await using var host = await StartAsync();
        using var timeout = TestTimeout.Start();

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ApprovalOrchestrator), "order-3", timeout.Token);
        await WaitForCustomStatusAsync(host, id, ApprovalOrchestrator.Waiting, timeout.Token);
        await host.Client.SuspendInstanceAsync(id, "pause", timeout.Token);
        await WaitForStatusAsync(host, id, OrchestrationRuntimeStatus.Suspended, timeout.Token);
        await host.Client.RaiseEventAsync(id, ApprovalOrchestrator.EventName, "bob", timeout.Token);

        // Were the suspension ignored, the event would complete the instance well within this second.
        for (var i = 0; i < 10; i++)
        {
            await Task.Delay(100, timeout.Token);
            Assert.Equal(OrchestrationRuntimeStatus.Suspended, (await host.Client.GetInstanceAsync(id, timeout.Token))!.RuntimeStatus);
        }

        await host.Client.ResumeInstanceAsync(id, "go on", timeout.Token);
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("order-3 approved by bob", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ScheduleNewOrchestrationInstance_IdOfRunningInstance_IsRejectedAndLeavesItRunning()
    {
        await using var host = await StartAsync();
        using var timeout = TestTimeout.Start();
        var options = new StartOrchestrationOptions(NewId("taken"));

        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ApprovalOrchestrator), "first", options, timeout.Token);
        await WaitForCustomStatusAsync(host, options.InstanceId!, ApprovalOrchestrator.Waiting, timeout.Token);
        var rejected = await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(
            () => host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ApprovalOrchestrator), "second", options, timeout.Token));
        await host.Client.RaiseEventAsync(options.InstanceId!, ApprovalOrchestrator.EventName, "carol", timeout.Token);
        var done = await host.Client.WaitForInstanceCompletionAsync(options.InstanceId!, getInputsAndOutputs: true, timeout.Token);

        Assert.IsAssignableFrom<InvalidOperationException>(rejected);
        Assert.Contains(options.InstanceId!, rejected.Message, StringComparison.Ordinal);
        Assert.Equal("first approved by carol", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ScheduleNewOrchestrationInstance_IdOfCompletedInstance_ReplacesIt()
    {
        await using var host = await StartAsync();
        using var timeout = TestTimeout.Start();
        var options = new StartOrchestrationOptions(NewId("again"));

        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOutOrchestrator), 2, options, timeout.Token);
        var first = await host.Client.WaitForInstanceCompletionAsync(options.InstanceId!, getInputsAndOutputs: true, timeout.Token);
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOutOrchestrator), 3, options, timeout.Token);
        var second = await host.Client.WaitForInstanceCompletionAsync(options.InstanceId!, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(5, first.ReadOutputAs<int>());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, second.RuntimeStatus);
        Assert.Equal(14, second.ReadOutputAs<int>());
        Assert.Equal(3, second.ReadInputAs<int>());
        Assert.True(second.CreatedAt >= first.CreatedAt);
    }

    [Fact]
    public async Task ScheduleNewOrchestrationInstance_StartAtInOneAndAHalfSeconds_StaysPendingUntilThen()
    {
        await using var host = await StartAsync();
        using var timeout = TestTimeout.Start();
        var startAt = DateTimeOffset.UtcNow.AddSeconds(1.5);

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOutOrchestrator), 1, new StartOrchestrationOptions(StartAt: startAt), timeout.Token);
        var scheduled = await host.Client.GetInstanceAsync(id, timeout.Token);
        var started = await host.Client.WaitForInstanceStartAsync(id, timeout.Token);
        var startedBy = DateTimeOffset.UtcNow;
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Pending, scheduled!.RuntimeStatus);
        Assert.NotEqual(OrchestrationRuntimeStatus.Pending, started.RuntimeStatus);
        Assert.True(startedBy >= startAt - TimerGranularity, "The orchestration started before its start time.");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Single(host.Log.Squares);
    }

    [Fact]
    public async Task ContinueAsNew_ThreeTimes_CompletesTheLastExecution()
    {
        await using var host = await StartAsync();
        using var timeout = TestTimeout.Start();

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CountdownOrchestrator), 3, timeout.Token);
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("liftoff", done.ReadOutputAs<string>());
        Assert.Equal([1, 2, 3], host.Log.Squares.Select(s => s.Input).Order());
    }

    [Fact]
    public async Task CallSubOrchestrator_TwoChildren_ReturnResultsAndSeeTheirParent()
    {
        await using var host = await StartAsync();
        using var timeout = TestTimeout.Start();

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ParentOrchestrator), 3, timeout.Token);
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(new ParentResult(28, $"{nameof(ParentOrchestrator)}/{id}"), done.ReadOutputAs<ParentResult>());
    }

    [Fact]
    public async Task GetAllInstances_StatusPrefixAndTimeFilters_ReturnOnlyMatchingInstancesAcrossPages()
    {
        await using var host = await StartAsync();
        using var timeout = TestTimeout.Start();
        var prefix = NewId("list");

        foreach (var id in new[] { $"{prefix}-a1", $"{prefix}-a2", NewId("other") })
        {
            await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOutOrchestrator), 1, new StartOrchestrationOptions(id), timeout.Token);
            await host.Client.WaitForInstanceCompletionAsync(id, timeout.Token);
        }

        var running = $"{prefix}-b1";
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ApprovalOrchestrator), "listed", new StartOrchestrationOptions(running), timeout.Token);
        await WaitForCustomStatusAsync(host, running, ApprovalOrchestrator.Waiting, timeout.Token);

        var completed = await ListAsync(host, new OrchestrationQuery { InstanceIdPrefix = prefix, Statuses = [OrchestrationRuntimeStatus.Completed], PageSize = 1, FetchInputsAndOutputs = true }, timeout.Token);
        var runningOnly = await ListAsync(host, new OrchestrationQuery { InstanceIdPrefix = prefix, Statuses = [OrchestrationRuntimeStatus.Running] }, timeout.Token);
        var all = await ListAsync(host, new OrchestrationQuery { InstanceIdPrefix = prefix }, timeout.Token);
        var future = await ListAsync(host, new OrchestrationQuery { InstanceIdPrefix = prefix, CreatedFrom = DateTimeOffset.UtcNow.AddMinutes(5) }, timeout.Token);

        Assert.Equal([$"{prefix}-a1", $"{prefix}-a2"], completed.Select(m => m.InstanceId).Order());
        Assert.All(completed, m => Assert.Equal(1, m.ReadOutputAs<int>()));
        Assert.Equal([running], runningOnly.Select(m => m.InstanceId));
        Assert.Equal(3, all.Count);
        Assert.Empty(future);
        await TerminateAndWaitAsync(host, running, timeout.Token);
    }

    [Fact]
    public async Task PurgeInstance_FinishedAndRunningInstances_DeletesOnlyFinishedOnes()
    {
        await using var host = await StartAsync();
        using var timeout = TestTimeout.Start();
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);

        var finished = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOutOrchestrator), 1, timeout.Token);
            await host.Client.WaitForInstanceCompletionAsync(id, timeout.Token);
            finished.Add(id);
        }

        var running = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ApprovalOrchestrator), "kept", timeout.Token);
        await WaitForCustomStatusAsync(host, running, ApprovalOrchestrator.Waiting, timeout.Token);

        await Assert.ThrowsAsync<InvalidOperationException>(() => host.Client.PurgeInstanceAsync(running, timeout.Token));
        var one = await host.Client.PurgeInstanceAsync(finished[0], timeout.Token);
        var rest = await host.Client.PurgeAllInstancesAsync(new PurgeInstancesFilter(before, null, [OrchestrationRuntimeStatus.Completed]), timeout.Token);

        Assert.Equal(1, one.PurgedInstanceCount);
        Assert.Equal(2, rest.PurgedInstanceCount);
        foreach (var id in finished)
        {
            Assert.Null(await host.Client.GetInstanceAsync(id, timeout.Token));
        }

        Assert.Equal(OrchestrationRuntimeStatus.Running, (await host.Client.GetInstanceAsync(running, timeout.Token))!.RuntimeStatus);
        await TerminateAndWaitAsync(host, running, timeout.Token);
    }

    [Fact]
    public async Task WaitForInstanceCompletion_UnknownInstance_Throws()
    {
        await using var host = await StartAsync();
        using var timeout = TestTimeout.Start();

        await Assert.ThrowsAsync<InvalidOperationException>(() => host.Client.WaitForInstanceCompletionAsync(NewId("missing"), timeout.Token));
    }

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static async Task<List<OrchestrationMetadata>> ListAsync(DurableTestHost host, OrchestrationQuery query, CancellationToken cancellationToken)
    {
        var found = new List<OrchestrationMetadata>();
        await foreach (var metadata in host.Client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            found.Add(metadata);
        }

        return found;
    }

    private static async Task<OrchestrationMetadata> WaitForCustomStatusAsync(DurableTestHost host, string id, string status, CancellationToken cancellationToken)
    {
        while (true)
        {
            var metadata = await host.Client.GetInstanceAsync(id, cancellationToken);
            if (metadata?.SerializedCustomStatus is not null && metadata.ReadCustomStatusAs<string>() == status)
            {
                return metadata;
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>Ends an instance a test left waiting, so the host's stop does not wait for that work item.</summary>
    private static async Task TerminateAndWaitAsync(DurableTestHost host, string id, CancellationToken cancellationToken)
    {
        await host.Client.TerminateInstanceAsync(id, cancellation: cancellationToken);
        await host.Client.WaitForInstanceCompletionAsync(id, cancellationToken);
    }

    private static async Task WaitForStatusAsync(DurableTestHost host, string id, OrchestrationRuntimeStatus status, CancellationToken cancellationToken)
    {
        while ((await host.Client.GetInstanceAsync(id, cancellationToken))?.RuntimeStatus != status)
        {
            await Task.Delay(50, cancellationToken);
        }
    }

    private Task<DurableTestHost> StartAsync() => DurableTestHost.StartAsync(CreateBackend(), output);
}
