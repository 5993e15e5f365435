using System.Net;
using System.Security.Cryptography;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using BetterTogether.Storage.AzureBlob;
using BetterTogether.Storage.Tests.Infrastructure;
using BetterTogether.Testing.Azurite;

namespace BetterTogether.Storage.Tests.AzureBlob;

/// <summary>Shared access signatures made with the SDK's builders from the account key, as the portal or az CLI would, against Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobSasTests(AzuriteFixture azurite)
{
    private static readonly StorageSharedKeyCredential AccountKey = new(AzuriteFixture.AccountName, AzuriteFixture.AccountKey);

    [Fact]
    public async Task Open_AccountSasConnectionString_CreatesContainerAndRoundTrips()
    {
        var store = ArtifactStores.Open($"BlobEndpoint={azurite.BlobEndpoint};SharedAccessSignature={AccountSas(AccountKey)}", NewContainer(), o => o.SingleUploadThresholdBytes = 16 * 1024);
        var payload = RandomNumberGenerator.GetBytes(40 * 1024);

        await store.PutAsync("runs/r/adapter.bin", new MemoryStream(payload));
        await store.PutTextAsync("runs/r/report.json", "{}", new ArtifactWriteOptions { Metadata = new Dictionary<string, string> { ["stage"] = "report" } });

        Assert.Equal(payload, await store.ReadBytesAsync("runs/r/adapter.bin"));
        Assert.Equal(["runs/r/adapter.bin", "runs/r/report.json"], await PathsAsync(store, "runs/"));
        Assert.Equal("report", (await store.GetInfoAsync("runs/r/report.json"))!.Metadata["stage"]);
        Assert.True(await store.DeleteAsync("runs/r/report.json"));
        Assert.DoesNotContain("sig=", store.DescribeLocation("runs/r/report.json"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_ServiceUrlWithAccountSas_UsesGivenContainer()
    {
        var container = NewContainer();
        var store = Assert.IsType<AzureBlobArtifactStore>(ArtifactStores.Open($"{azurite.BlobEndpoint}?{AccountSas(AccountKey)}", container));

        await store.PutTextAsync("a.txt", "a");

        Assert.Equal(new Uri($"{azurite.BlobEndpoint}/{container}"), store.ContainerUri);
        var stored = await KeyClient(container).GetBlobClient("a.txt").DownloadContentAsync();
        Assert.Equal("a", stored.Value.Content.ToString());
    }

    [Fact]
    public async Task Open_ContainerUrlWithContainerSas_RoundTripsInThatContainer()
    {
        var container = NewContainer();
        await KeyClient(container).CreateAsync();
        var sas = new BlobSasBuilder(BlobContainerSasPermissions.All, DateTimeOffset.UtcNow.AddHours(1)) { BlobContainerName = container, Resource = "c" }
            .ToSasQueryParameters(AccountKey).ToString();
        var store = Assert.IsType<AzureBlobArtifactStore>(ArtifactStores.Open($"{azurite.BlobEndpoint}/{container}?{sas}", "ignored-container"));

        await store.PutTextAsync("runs/r/report.json", "{\"ok\":true}", new ArtifactWriteOptions { Condition = WriteCondition.IfNotExists });
        await Assert.ThrowsAsync<ArtifactConflictException>(() => store.PutTextAsync("runs/r/report.json", "{}", new ArtifactWriteOptions { Condition = WriteCondition.IfNotExists }));

        Assert.Equal("{\"ok\":true}", await store.ReadTextAsync("runs/r/report.json"));
        Assert.Equal(["runs/r/report.json"], await PathsAsync(store, ""));
        Assert.Equal($"{azurite.BlobEndpoint}/{container}/runs/r/report.json", store.DescribeLocation("runs/r/report.json"));
    }

    [Fact]
    public async Task Open_ReadOnlyContainerSas_ReadsButWriteFailsWith403()
    {
        var container = NewContainer();
        await KeyClient(container).CreateAsync();
        await KeyClient(container).GetBlobClient("seed.txt").UploadAsync(BinaryData.FromString("seed"));
        var sas = new BlobSasBuilder(BlobContainerSasPermissions.Read | BlobContainerSasPermissions.List, DateTimeOffset.UtcNow.AddHours(1)) { BlobContainerName = container, Resource = "c" }
            .ToSasQueryParameters(AccountKey).ToString();
        var store = AzureBlobArtifactStore.FromSasUri(new Uri($"{azurite.BlobEndpoint}/{container}?{sas}"));

        Assert.Equal("seed", await store.ReadTextAsync("seed.txt"));
        var error = await Assert.ThrowsAsync<ArtifactStoreException>(() => store.PutTextAsync("x.txt", "x"));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.DoesNotContain("sig=", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Operations_SasSignedWithWrongKey_FailWith403WithoutLeakingSignature()
    {
        var forged = AccountSas(new StorageSharedKeyCredential(AzuriteFixture.AccountName, Convert.ToBase64String(new byte[64])));
        var store = ArtifactStores.Open($"BlobEndpoint={azurite.BlobEndpoint};SharedAccessSignature={forged}", NewContainer());

        var error = await Assert.ThrowsAsync<ArtifactStoreException>(() => store.PutTextAsync("x.json", "{}"));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.DoesNotContain("sig=", error.Message, StringComparison.Ordinal);
    }

    private static string AccountSas(StorageSharedKeyCredential key) =>
        new AccountSasBuilder(AccountSasPermissions.All, DateTimeOffset.UtcNow.AddHours(1), AccountSasServices.Blobs, AccountSasResourceTypes.All) { Protocol = SasProtocol.HttpsAndHttp }
            .ToSasQueryParameters(key).ToString();

    private static async Task<List<string>> PathsAsync(IArtifactStore store, string prefix)
    {
        var paths = new List<string>();
        await foreach (var item in store.ListAsync(prefix))
        {
            paths.Add(item.Path);
        }

        return paths;
    }

    private static string NewContainer() => $"t{Guid.NewGuid():N}";

    private BlobContainerClient KeyClient(string container) => new(new Uri($"{azurite.BlobEndpoint}/{container}"), AccountKey);
}
