using BetterTogether.Durable.Client;
using BetterTogether.Durable.Sqlite;
using BetterTogether.Durable.Tests.Infrastructure;
using BetterTogether.Durable.Tests.Samples;
using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Serializing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace BetterTogether.Durable.Tests.Sqlite;

/// <summary>What only the embedded backend promises: ownership, read-only readers, stored history, prompt wake-ups.</summary>
public sealed class SqliteBackendTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Constructor_FileOwnedByAnotherService_ThrowsInUseNamingTheFiles()
    {
        var path = _folder.NewDatabase();
        using var owner = new SqliteOrchestrationService(new SqliteOrchestrationServiceOptions { DatabasePath = path });

        var error = Assert.Throws<EmbeddedDatabaseInUseException>(() => new SqliteOrchestrationService(new SqliteOrchestrationServiceOptions { DatabasePath = path }));

        Assert.Equal(path, error.DatabasePath);
        Assert.Equal(path + ".lock", error.LockFilePath);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(path + ".lock", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartHost_DatabaseOwnedElsewhere_FailsTheStartWithTheInUseError()
    {
        var path = _folder.NewDatabase();
        using var owner = new SqliteOrchestrationService(new SqliteOrchestrationServiceOptions { DatabasePath = path });

        var error = await Assert.ThrowsAsync<EmbeddedDatabaseInUseException>(() => DurableTestHost.StartAsync(new DurableBackendOptions { EmbeddedDatabasePath = path }, output));

        Assert.Equal(path, error.DatabasePath);
    }

    [Fact]
    public void Dispose_Owner_LetsTheNextOwnerOpenTheFile()
    {
        var path = _folder.NewDatabase();
        new SqliteOrchestrationService(new SqliteOrchestrationServiceOptions { DatabasePath = path }).Dispose();

        using var next = new SqliteOrchestrationService(new SqliteOrchestrationServiceOptions { DatabasePath = path });

        Assert.False(next.IsReadOnly);
        Assert.Equal(path, next.DatabasePath);
    }

    [Fact]
    public void Constructor_ReadOnlyAndFileMissing_ThrowsFileNotFound()
    {
        var path = _folder.NewDatabase();

        var error = Assert.Throws<FileNotFoundException>(() => new SqliteOrchestrationService(new SqliteOrchestrationServiceOptions { DatabasePath = path, ReadOnly = true }));

        Assert.Equal(path, error.FileName);
    }

    [Fact]
    public async Task CreateReader_WhileOwnerRuns_ListsInstancesAndRejectsWrites()
    {
        var backend = new DurableBackendOptions { EmbeddedDatabasePath = _folder.NewDatabase() };
        await using var host = await DurableTestHost.StartAsync(backend, output);
        using var timeout = TestTimeout.Start();
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOutOrchestrator), 3, timeout.Token);
        await host.Client.WaitForInstanceCompletionAsync(id, timeout.Token);

        using var reader = (SqliteOrchestrationService)DurableBackend.CreateReader(backend);
        await using var client = new OrchestrationServiceDurableTaskClient(reader);
        var listed = new List<OrchestrationMetadata>();
        await foreach (var metadata in client.GetAllInstancesAsync(new OrchestrationQuery { FetchInputsAndOutputs = true }).WithCancellation(timeout.Token))
        {
            listed.Add(metadata);
        }

        var write = await Assert.ThrowsAsync<InvalidOperationException>(() => client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOutOrchestrator), 1, timeout.Token));
        Assert.True(reader.IsReadOnly);
        var instance = Assert.Single(listed);
        Assert.Equal(id, instance.InstanceId);
        Assert.Equal(14, instance.ReadOutputAs<int>());
        Assert.Contains("read-only", write.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateReader_AfterOwnerClosed_ReadsTheInstances()
    {
        var backend = new DurableBackendOptions { EmbeddedDatabasePath = _folder.NewDatabase() };
        using var timeout = TestTimeout.Start();
        string id;
        await using (var host = await DurableTestHost.StartAsync(backend, output))
        {
            id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOutOrchestrator), 2, timeout.Token);
            await host.Client.WaitForInstanceCompletionAsync(id, timeout.Token);
        }

        using var reader = (SqliteOrchestrationService)DurableBackend.CreateReader(backend);
        await using var client = new OrchestrationServiceDurableTaskClient(reader);
        var instance = await client.GetInstanceAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance!.RuntimeStatus);
        Assert.Equal(5, instance.ReadOutputAs<int>());
    }

    [Fact]
    public async Task GetOrchestrationHistory_CompletedInstance_RoundTripsTheEngineEventTypes()
    {
        await using var host = await DurableTestHost.StartAsync(new DurableBackendOptions { EmbeddedDatabasePath = _folder.NewDatabase() }, output);
        using var timeout = TestTimeout.Start();
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOutOrchestrator), 2, timeout.Token);
        await host.Client.WaitForInstanceCompletionAsync(id, timeout.Token);
        var service = host.Services.GetRequiredService<IOrchestrationServiceClient>();

        var history = JsonDataConverter.Default.Deserialize<List<HistoryEvent>>(await service.GetOrchestrationHistoryAsync(id, null));

        var started = Assert.IsType<ExecutionStartedEvent>(history.First(e => e.EventType != EventType.OrchestratorStarted));
        Assert.Equal(nameof(FanOutOrchestrator), started.Name);
        Assert.Equal(2, history.OfType<TaskScheduledEvent>().Count());
        Assert.Equal(2, history.OfType<TaskCompletedEvent>().Count());
        Assert.Equal(OrchestrationStatus.Completed, history.OfType<ExecutionCompletedEvent>().Single().OrchestrationStatus);
    }

    [Fact]
    public async Task ScheduleNewOrchestrationInstance_IdOfCompletedInstance_KeepsOnlyTheNewRunsHistory()
    {
        await using var host = await DurableTestHost.StartAsync(new DurableBackendOptions { EmbeddedDatabasePath = _folder.NewDatabase() }, output);
        using var timeout = TestTimeout.Start();
        var options = new StartOrchestrationOptions("reused");
        var service = host.Services.GetRequiredService<IOrchestrationServiceClient>();

        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOutOrchestrator), 3, options, timeout.Token);
        await host.Client.WaitForInstanceCompletionAsync("reused", timeout.Token);
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOutOrchestrator), 1, options, timeout.Token);
        await host.Client.WaitForInstanceCompletionAsync("reused", timeout.Token);
        var history = JsonDataConverter.Default.Deserialize<List<HistoryEvent>>(await service.GetOrchestrationHistoryAsync("reused", null));

        Assert.Single(history.OfType<ExecutionStartedEvent>());
        Assert.Single(history.OfType<TaskScheduledEvent>());
        Assert.Equal("1", history.OfType<ExecutionStartedEvent>().Single().Input);
    }

    [Fact]
    public async Task ContinueAsNew_ThreeTimes_KeepsOnlyTheLastExecutionsHistory()
    {
        await using var host = await DurableTestHost.StartAsync(new DurableBackendOptions { EmbeddedDatabasePath = _folder.NewDatabase() }, output);
        using var timeout = TestTimeout.Start();
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(CountdownOrchestrator), 3, timeout.Token);
        await host.Client.WaitForInstanceCompletionAsync(id, timeout.Token);
        var service = host.Services.GetRequiredService<IOrchestrationServiceClient>();

        var history = JsonDataConverter.Default.Deserialize<List<HistoryEvent>>(await service.GetOrchestrationHistoryAsync(id, null));

        Assert.Equal("0", Assert.Single(history.OfType<ExecutionStartedEvent>()).Input);
        Assert.Empty(history.OfType<TaskScheduledEvent>());
    }

    [Fact]
    public async Task LockNextTaskOrchestrationWorkItem_StartEnqueuedInProcess_WakesBeforeThePollingInterval()
    {
        using var service = new SqliteOrchestrationService(new SqliteOrchestrationServiceOptions { DatabasePath = _folder.NewDatabase(), MaxPollingInterval = TimeSpan.FromSeconds(30) });
        using var timeout = TestTimeout.Start();
        var waiting = service.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromSeconds(30), timeout.Token);
        var instance = new OrchestrationInstance { InstanceId = "woken", ExecutionId = "e1" };

        await service.CreateTaskOrchestrationAsync(new TaskMessage { OrchestrationInstance = instance, Event = new ExecutionStartedEvent(-1, null) { Name = "Any", OrchestrationInstance = instance } });
        var workItem = await waiting.WaitAsync(TimeSpan.FromSeconds(10), timeout.Token);

        Assert.Equal("woken", workItem.InstanceId);
        Assert.IsType<ExecutionStartedEvent>(Assert.Single(workItem.NewMessages).Event);
        await service.AbandonTaskOrchestrationWorkItemAsync(workItem);
    }

    [Fact]
    public async Task LockNextTaskOrchestrationWorkItem_EventsForFinishedAndUnknownInstances_DiscardsThem()
    {
        var backend = new DurableBackendOptions { EmbeddedDatabasePath = _folder.NewDatabase() };
        using var timeout = TestTimeout.Start();
        string id;
        await using (var host = await DurableTestHost.StartAsync(backend, output))
        {
            id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOutOrchestrator), 1, timeout.Token);
            await host.Client.WaitForInstanceCompletionAsync(id, timeout.Token);
        }

        using var service = (SqliteOrchestrationService)DurableBackend.Create(backend);
        await using var client = new OrchestrationServiceDurableTaskClient(service);
        await client.RaiseEventAsync(id, "Late", "too late", timeout.Token);
        await client.RaiseEventAsync("nobody", "Lost", cancellation: timeout.Token);

        var handedOut = await service.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.FromMilliseconds(200), timeout.Token);
        var history = JsonDataConverter.Default.Deserialize<List<HistoryEvent>>(await service.GetOrchestrationHistoryAsync(id, null));

        Assert.Null(handedOut);
        Assert.Empty(history.OfType<EventRaisedEvent>());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await client.GetInstanceAsync(id, timeout.Token))!.RuntimeStatus);
    }

    [Fact]
    public async Task CreateTimer_PollingIntervalOfThirtySeconds_FiresAtItsDueTime()
    {
        var backend = new DurableBackendOptions { EmbeddedDatabasePath = _folder.NewDatabase(), MaxQueuePollingInterval = TimeSpan.FromSeconds(30) };
        await using var host = await DurableTestHost.StartAsync(backend, output);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TimerOrchestrator), 300, timeout.Token);
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.InRange(done.ReadOutputAs<double>(), 300, 10_000);
    }
}
