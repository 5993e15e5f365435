using BetterTogether.Testing.Azurite;

namespace BetterTogether.Hosting.Tests.Infrastructure;

/// <summary>Test classes in this collection share one Azurite process.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
