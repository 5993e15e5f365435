using BetterTogether.Testing.Azurite;
using Xunit.Abstractions;

namespace BetterTogether.Workflow.Tests.Durability;

/// <summary>
/// Crash recovery on the Azure Storage backend over Azurite: the restarted host joins the same task hub under the same
/// worker id; the killed host's leased messages come back after the host's 10 s visibility timeout.
/// </summary>
[Collection(DurabilityAzuriteCollection.Name)]
public sealed class CrashRecoveryOnAzureStorageTests(AzuriteFixture azurite, ReferenceRunFixture reference, ITestOutputHelper output)
    : CrashRecoveryTests(reference, output)
{
    private readonly string _taskHub = DurabilityAzuriteCollection.NewTaskHub();

    protected override string BackendName => "Azure Storage (Azurite)";

    private protected override IReadOnlyList<string> BackendArguments(CrashRunFolder folder)
        => ["--azure-storage", azurite.ConnectionString, "--task-hub", _taskHub, "--worker-id", "crash-worker"];
}
