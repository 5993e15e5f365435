using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
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
        var recorder = new RecordingHandler();
        using var http = new HttpClient(recorder) { Timeout = Timeout.InfiniteTimeSpan };
        var store = AzureBlobArtifactStore.FromConnectionString(azurite.ConnectionString, NewContainer(), o =>
        {
            o.SingleUploadThresholdBytes = 32 * 1024;
            o.BlockSizeBytes = 10 * 1024;
        }, http);
        var payload = RandomNumberGenerator.GetBytes(100 * 1024);

        await store.PutAsync("adapters/a/adapter_model.safetensors", new MemoryStream(payload));

        var blocks = recorder.Requests.Where(r => r.Contains("comp=block&", StringComparison.Ordinal)).ToList();
        Assert.Equal(10, blocks.Count);
        Assert.Single(recorder.Requests, r => r.Contains("comp=blocklist", StringComparison.Ordinal));
        Assert.Equal(payload, await store.ReadBytesAsync("adapters/a/adapter_model.safetensors"));
    }

    [Fact]
    public async Task PutAsync_SmallPayload_UsesOnePutBlob()
    {
        var recorder = new RecordingHandler();
        using var http = new HttpClient(recorder) { Timeout = Timeout.InfiniteTimeSpan };
        var store = AzureBlobArtifactStore.FromConnectionString(azurite.ConnectionString, NewContainer(), httpClient: http);

        await store.PutTextAsync("x.json", "{}");

        Assert.Equal(["PUT ?restype=container", "PUT x.json"], recorder.Requests.Select(Shorten));
    }

    [Fact]
    public async Task Operations_WrongAccountKey_FailWith403NamingUrl()
    {
        var badKey = Convert.ToBase64String(new byte[64]);
        var store = AzureBlobArtifactStore.FromConnectionString(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={badKey};BlobEndpoint={azurite.BlobEndpoint}", NewContainer());

        var error = await Assert.ThrowsAsync<ArtifactStoreException>(() => store.PutTextAsync("x.json", "{}"));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Contains(azurite.BlobEndpoint.AbsoluteUri.TrimEnd('/'), error.Message, StringComparison.Ordinal);
        Assert.Contains("403", error.Message, StringComparison.Ordinal);
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

    [Fact]
    public async Task Operations_WithAccountSasConnectionString_RoundTrip()
    {
        var sas = AccountSas.Create(BlobConnectionString.DevelopmentAccountName, BlobConnectionString.DevelopmentAccountKey, DateTimeOffset.UtcNow.AddHours(1));
        var store = ArtifactStores.Open($"BlobEndpoint={azurite.BlobEndpoint};SharedAccessSignature={sas}", NewContainer(), o => o.SingleUploadThresholdBytes = 16 * 1024);
        var payload = RandomNumberGenerator.GetBytes(40 * 1024);

        await store.PutAsync("runs/r/adapter.bin", new MemoryStream(payload));
        await store.PutTextAsync("runs/r/report.json", "{}", new ArtifactWriteOptions { Metadata = new Dictionary<string, string> { ["stage"] = "report" } });

        Assert.Equal(payload, await store.ReadBytesAsync("runs/r/adapter.bin"));
        var listed = new List<string>();
        await foreach (var item in store.ListAsync("runs/"))
        {
            listed.Add(item.Path);
        }

        Assert.Equal(["runs/r/adapter.bin", "runs/r/report.json"], listed);
        Assert.Equal("report", (await store.GetInfoAsync("runs/r/report.json"))!.Metadata["stage"]);
        Assert.True(await store.DeleteAsync("runs/r/report.json"));
        Assert.DoesNotContain("sig=", store.DescribeLocation("runs/r/report.json"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Operations_WithTamperedSas_FailWith403()
    {
        var sas = AccountSas.Create(BlobConnectionString.DevelopmentAccountName, Convert.ToBase64String(new byte[64]), DateTimeOffset.UtcNow.AddHours(1));
        var store = ArtifactStores.Open($"BlobEndpoint={azurite.BlobEndpoint};SharedAccessSignature={sas}", NewContainer());

        var error = await Assert.ThrowsAsync<ArtifactStoreException>(() => store.PutTextAsync("x.json", "{}"));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.DoesNotContain("sig=", error.Message, StringComparison.Ordinal);
    }

    private static string NewContainer() => $"t{Guid.NewGuid():N}";

    private static string Shorten(string request)
    {
        var space = request.IndexOf(' ', StringComparison.Ordinal);
        var url = new Uri(request[(space + 1)..]);
        var last = url.AbsolutePath.Split('/')[^1];
        return $"{request[..space]} {(url.AbsolutePath.Split('/').Length > 3 ? last : string.Empty)}{url.Query}";
    }

    private sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        public ConcurrentQueue<string> Requests { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Enqueue($"{request.Method} {request.RequestUri}");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
