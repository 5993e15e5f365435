using BetterTogether.Testing.Azurite;
using Xunit.Abstractions;

namespace BetterTogether.Durable.Tests.Scenarios;

/// <summary>The scenarios on Azure Storage against a real Azurite, one task hub per test, with short polling and visibility.</summary>
public sealed class AzureStorageScenarioTests(AzuriteFixture azurite, ITestOutputHelper output) : DurableScenarioTests(output), IClassFixture<AzuriteFixture>
{
    protected override TimeSpan TimerGranularity => TimeSpan.FromSeconds(1);

    protected override bool KeepsFullFailureDetails => false;

    protected override DurableBackendOptions CreateBackend() => new()
    {
        Backend = DurableBackendKind.AzureStorage,
        AzureStorageConnectionString = azurite.ConnectionString,
        TaskHubName = $"t{Guid.NewGuid():N}"[..24],
        PartitionCount = 1,
        MaxConcurrentActivities = 4,
        MaxQueuePollingInterval = TimeSpan.FromMilliseconds(100),
        WorkItemVisibilityTimeout = TimeSpan.FromSeconds(10),
        ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(10),
    };
}
