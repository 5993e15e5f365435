using BetterTogether.Durable.Sqlite;
using BetterTogether.Durable.Tests.Infrastructure;
using DurableTask.Core;
using Microsoft.Extensions.DependencyInjection;

namespace BetterTogether.Durable.Tests.Configuration;

public sealed class DurableBackendTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void CreateAzureStorageSettings_Options_CarriesEverySetting()
    {
        var options = new DurableBackendOptions
        {
            Backend = DurableBackendKind.AzureStorage,
            AzureStorageConnectionString = "UseDevelopmentStorage=true",
            TaskHubName = "hub42",
            WorkerId = "worker-1",
            WorkItemVisibilityTimeout = TimeSpan.FromSeconds(11),
            ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(12),
            MaxQueuePollingInterval = TimeSpan.FromSeconds(3),
            PartitionCount = 2,
            MaxConcurrentActivities = 5,
            MaxConcurrentOrchestrations = 6,
        };

        var settings = DurableBackend.CreateAzureStorageSettings(options);

        Assert.Equal("hub42", settings.TaskHubName);
        Assert.Equal("worker-1", settings.WorkerId);
        Assert.Equal(TimeSpan.FromSeconds(11), settings.WorkItemQueueVisibilityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(12), settings.ControlQueueVisibilityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(3), settings.MaxQueuePollingInterval);
        Assert.Equal(2, settings.PartitionCount);
        Assert.Equal(5, settings.MaxConcurrentTaskActivityWorkItems);
        Assert.Equal(6, settings.MaxConcurrentTaskOrchestrationWorkItems);
        Assert.True(settings.ThrowExceptionOnInvalidDedupeStatus);
        Assert.False(settings.UseAppLease);
        Assert.NotNull(settings.StorageAccountClientProvider);
    }

    [Fact]
    public void Create_Embedded_OwnsTheDatabaseWithTheGivenConcurrency()
    {
        var options = new DurableBackendOptions { EmbeddedDatabasePath = Path.Combine(_folder.Path, "nested", "durable.db"), MaxConcurrentActivities = 3 };

        using var service = (SqliteOrchestrationService)DurableBackend.Create(options);

        Assert.Equal(options.EmbeddedDatabasePath, service.DatabasePath);
        Assert.Equal(3, service.MaxConcurrentTaskActivityWorkItems);
        Assert.True(File.Exists(options.EmbeddedDatabasePath + ".lock"));
    }

    [Fact]
    public void AddDurableBackend_Embedded_RegistersOneSingletonAsServiceAndClient()
    {
        var services = new ServiceCollection();
        services.AddDurableBackend(new DurableBackendOptions { EmbeddedDatabasePath = _folder.NewDatabase() });
        using var provider = services.BuildServiceProvider();

        var service = provider.GetRequiredService<IOrchestrationService>();

        Assert.IsType<SqliteOrchestrationService>(service);
        Assert.Same(service, provider.GetRequiredService<IOrchestrationServiceClient>());
    }

    [Fact]
    public void AddDurableBackend_InvalidOptions_ThrowsAtRegistration()
    {
        var error = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddDurableBackend(new DurableBackendOptions { TaskHubName = "x" }));

        Assert.Equal(nameof(DurableBackendOptions.TaskHubName), error.ParamName);
    }
}
