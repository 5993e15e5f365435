using BetterTogether.Testing.Azurite;

namespace BetterTogether.Workflow.Tests.Durability;

/// <summary>
/// The Azure Storage durability tests share one Azurite and one reference run, and run one at a time: their hosts are
/// separate processes whose timings the tests print.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DurabilityAzuriteCollection : ICollectionFixture<AzuriteFixture>, ICollectionFixture<ReferenceRunFixture>
{
    public const string Name = "Durability on Azurite";

    /// <summary>A new task hub name (Azure's rules: letters and digits, starting with a letter).</summary>
    public static string NewTaskHub() => $"bt{Guid.NewGuid():N}"[..20];
}
