using BetterTogether.Storage.AzureBlob;
using BetterTogether.Storage.Tests.Contract;
using BetterTogether.Storage.Tests.Infrastructure;
using BetterTogether.Testing.Azurite;

namespace BetterTogether.Storage.Tests.AzureBlob;

/// <summary>The store contract against a real Azurite, one fresh container per test.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobArtifactStoreContractTests(AzuriteFixture azurite) : ArtifactStoreContractTests
{
    protected override IArtifactStore CreateStore() =>
        AzureBlobArtifactStore.FromConnectionString(azurite.ConnectionString, $"t{Guid.NewGuid():N}", options =>
        {
            options.SingleUploadThresholdBytes = LargeThreshold;
            options.BlockSizeBytes = 16 * 1024;
            options.ListPageSize = 3;
            options.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
        });
}
