using System.Net;
using System.Security.Cryptography;
using Azure.Core;
using BetterTogether.Storage.AzureBlob;
using BetterTogether.Storage.Tests.Infrastructure;
using BetterTogether.Testing.Azurite;

namespace BetterTogether.Storage.Tests.AzureBlob;

/// <summary>What is specific to the blob store, against the real Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobArtifactStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task PutAsync_LargePayload_StagesBlocksOfConfiguredSizeThenCommitsOnce()
    {
        var container = NewContainer();
        var recorder = new RequestRecorder($"/{AzuriteFixture.AccountName}/{container}");
        var store = AzureBlobArtifactStore.FromConnectionString(azurite.ConnectionString, container, o =>
        {
            o.SingleUploadThresholdBytes = 32 * 1024;
            o.BlockSizeBytes = 10 * 1024;
            o.ConfigureClient = c => c.AddPolicy(recorder, HttpPipelinePosition.PerCall);
        });
        var payload = RandomNumberGenerator.GetBytes(100 * 1024);

        var info = await store.PutAsync("adapters/a/adapter_model.safetensors", new MemoryStream(payload));

        Assert.Equal(10, recorder.Requests.Count(r => r.Contains("comp=block&", StringComparison.Ordinal)));
        Assert.Single(recorder.Requests, r => r.Contains("comp=blocklist", StringComparison.Ordinal));
        Assert.Equal(payload.Length, info.Length);
        Assert.Equal(payload, await store.ReadBytesAsync("adapters/a/adapter_model.safetensors"));
    }

    [Fact]
    public async Task PutAsync_SmallPayload_CreatesContainerOnceThenUsesOnePutBlob()
    {
        var container = NewContainer();
        var recorder = new RequestRecorder($"/{AzuriteFixture.AccountName}/{container}");
        var store = AzureBlobArtifactStore.FromConnectionString(azurite.ConnectionString, container, o => o.ConfigureClient = c => c.AddPolicy(recorder, HttpPipelinePosition.PerCall));

        await store.PutTextAsync("x.json", "{}");
        await store.PutTextAsync("y.json", "{}");

        Assert.Equal(["PUT ?restype=container", "PUT x.json", "PUT y.json"], recorder.Requests);
    }

    [Fact]
    public async Task PutAsync_NonSeekableLargeSource_ReportsLengthAndStoresAllBytes()
    {
        var store = AzureBlobArtifactStore.FromConnectionString(azurite.ConnectionString, NewContainer(), o =>
        {
            o.SingleUploadThresholdBytes = 8 * 1024;
            o.BlockSizeBytes = 4 * 1024;
        });
        var payload = RandomNumberGenerator.GetBytes(50_000);

        var info = await store.PutAsync("n.bin", new ForwardOnlyStream(payload));

        Assert.Equal(payload.Length, info.Length);
        Assert.Equal(payload.Length, (await store.GetInfoAsync("n.bin"))!.Length);
        Assert.Equal(payload, await store.ReadBytesAsync("n.bin"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task PutAsync_WrongAccountKey_FailsWith403NamingPathAndEndpointButNotKey(bool createContainer)
    {
        var badKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        var store = AzureBlobArtifactStore.FromConnectionString(
            $"DefaultEndpointsProtocol=http;AccountName={AzuriteFixture.AccountName};AccountKey={badKey};BlobEndpoint={azurite.BlobEndpoint}", NewContainer(), o => o.CreateContainerIfMissing = createContainer);

        var error = await Assert.ThrowsAsync<ArtifactStoreException>(() => store.PutTextAsync("runs/r/x.json", "{}"));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal("AuthorizationFailure", error.ErrorCode);
        Assert.Contains("'runs/r/x.json'", error.Message, StringComparison.Ordinal);
        Assert.Contains(azurite.BlobEndpoint.AbsoluteUri.TrimEnd('/'), error.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 403", error.Message, StringComparison.Ordinal);
        Assert.Contains("credentials", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(badKey, error.ToString(), StringComparison.Ordinal);
        Assert.Equal(createContainer ? store.ContainerUri.AbsoluteUri : store.DescribeLocation("runs/r/x.json"), error.Location);
    }

    [Fact]
    public async Task Reads_MissingContainer_BehaveLikeMissingArtifacts()
    {
        var store = AzureBlobArtifactStore.FromConnectionString(azurite.ConnectionString, NewContainer());

        Assert.Null(await store.GetInfoAsync("x.json"));
        Assert.False(await store.DeleteAsync("x.json"));
        await Assert.ThrowsAsync<ArtifactNotFoundException>(() => store.OpenReadAsync("x.json"));
        await foreach (var item in store.ListAsync(""))
        {
            Assert.Fail($"Unexpected {item.Path}");
        }
    }

    [Fact]
    public async Task PutAsync_MissingContainerWithCreationOff_FailsNamingContainerNotFound()
    {
        var store = AzureBlobArtifactStore.FromConnectionString(azurite.ConnectionString, NewContainer(), o => o.CreateContainerIfMissing = false);

        var error = await Assert.ThrowsAsync<ArtifactStoreException>(() => store.PutTextAsync("x.json", "{}"));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("ContainerNotFound", error.ErrorCode);
    }

    [Fact]
    public async Task EnsureContainerAsync_TwoStoresSameContainer_BothSucceed()
    {
        var container = NewContainer();
        var first = AzureBlobArtifactStore.FromConnectionString(azurite.ConnectionString, container);
        var second = AzureBlobArtifactStore.FromConnectionString(azurite.ConnectionString, container);

        await Task.WhenAll(first.EnsureContainerAsync(), second.EnsureContainerAsync());
        await first.PutTextAsync("a.txt", "a");

        Assert.Equal("a", await second.ReadTextAsync("a.txt"));
    }

    [Fact]
    public async Task ArtifactStoresOpen_ConnectionString_OpensBlobStore()
    {
        var store = ArtifactStores.Open(azurite.ConnectionString, NewContainer());
        Assert.IsType<AzureBlobArtifactStore>(store);

        await store.PutJsonAsync("runs/r/input.json", new Dictionary<string, int> { ["budget"] = 3 });

        Assert.Equal(3, (await store.ReadJsonAsync<Dictionary<string, int>>("runs/r/input.json"))["budget"]);
        Assert.StartsWith(azurite.BlobEndpoint.AbsoluteUri.TrimEnd('/'), store.DescribeLocation("runs/r/input.json"), StringComparison.Ordinal);
    }

    private static string NewContainer() => $"t{Guid.NewGuid():N}";

    /// <summary>A stream that can only be read forward, like a network body: the store cannot learn its length up front.</summary>
    private sealed class ForwardOnlyStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }
    }
}
