using System.Net;
using BetterTogether.Storage.AzureBlob;
using BetterTogether.Storage.Tests.Infrastructure;
using BetterTogether.Testing.Azurite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace BetterTogether.Storage.Tests.AzureBlob;

/// <summary>
/// How the store's SDK client is set up to meet failures Azurite cannot produce (503s, dropped connections,
/// a failed block), against a loopback fault server; asserts on call counts, not durations.
/// </summary>
public sealed class BlobRetryTests : IAsyncLifetime
{
    private FaultServer _server = null!;

    public async Task InitializeAsync() => _server = await FaultServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task PutAsync_TransientStatusesAndDroppedConnection_RetriesUntilSuccess()
    {
        _server.Enqueue(FaultServer.Status(503), FaultServer.Status(500), FaultServer.Status(429, retryAfter: "0"), FaultServer.Drop(), FaultServer.Status(408), FaultServer.Status(201));
        var store = CreateStore(maxRetries: 6);

        var info = await store.PutTextAsync("runs/r/report.json", "{}");

        Assert.Equal(6, _server.CallCount);
        Assert.Equal("\"0x8DC0000000000001\"", info.ETag);
        Assert.All(_server.Requests, r => Assert.Equal(2, r.BodyLength));
    }

    [Fact]
    public async Task PutAsync_BadRequest_DoesNotRetryAndNamesPathEndpointAndStatus()
    {
        _server.Enqueue(FaultServer.Status(400));
        var store = CreateStore(maxRetries: 5);

        var error = await Assert.ThrowsAsync<ArtifactStoreException>(() => store.PutTextAsync("runs/r/report.json", "{}"));

        Assert.Equal(1, _server.CallCount);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("InvalidHeaderValue", error.ErrorCode);
        Assert.Contains("'runs/r/report.json'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{_server.BaseUri.AbsoluteUri}devstoreaccount1/artifacts/runs/r/report.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 400 InvalidHeaderValue", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetInfoAsync_AlwaysUnavailable_GivesUpAfterMaxRetries()
    {
        var server = await FaultServer.StartAsync(FaultServer.Status(503));
        await using (server)
        {
            var store = CreateStore(maxRetries: 2, server);

            var error = await Assert.ThrowsAsync<ArtifactStoreException>(() => store.GetInfoAsync("x.json"));

            Assert.Equal(3, server.CallCount);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        }
    }

    [Fact]
    public async Task OpenReadAsync_ConnectionAlwaysDropped_ThrowsStoreExceptionAfterRetries()
    {
        var server = await FaultServer.StartAsync(FaultServer.Drop());
        await using (server)
        {
            var store = CreateStore(maxRetries: 2, server);

            var error = await Assert.ThrowsAsync<ArtifactStoreException>(() => store.OpenReadAsync("x.json"));

            Assert.Equal(3, server.CallCount);
            Assert.Contains("'x.json'", error.Message, StringComparison.Ordinal);
            Assert.Null(error.StatusCode);
        }
    }

    [Fact]
    public async Task GetInfoAsync_NoAnswerWithinNetworkTimeoutAndNoRetries_ThrowsStoreExceptionNotCancellation()
    {
        _server.Enqueue(FaultServer.Hang());
        var store = CreateStore(maxRetries: 0, networkTimeout: TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAsync<ArtifactStoreException>(() => store.GetInfoAsync("x.json"));

        Assert.Contains("timed out", error.Message, StringComparison.Ordinal);

        // No retry: at most the one request. On a loaded machine the client's 300 ms can run out while it is still
        // connecting, before the server counts the request, so 0 is possible; wait a moment for a late arrival or a retry.
        await Task.Delay(1000);
        Assert.InRange(_server.CallCount, 0, 1);
    }

    [Fact]
    public async Task PutAsync_ConditionFailed_MapsToConflictWithoutRetry()
    {
        _server.Enqueue(FaultServer.Status(412));
        var store = CreateStore(maxRetries: 5);

        await Assert.ThrowsAsync<ArtifactConflictException>(() => store.PutTextAsync("a.json", "{}", new ArtifactWriteOptions { Condition = WriteCondition.IfMatch("\"0x1\"") }));

        var request = Assert.Single(_server.Requests);
        Assert.Equal("\"0x1\"", request.Headers["If-Match"]);
    }

    [Fact]
    public async Task PutAsync_CreateOnlyWithMetadataAndType_SendsConditionAndHeaders()
    {
        var store = CreateStore(maxRetries: 0);

        await store.PutTextAsync("a b.json", "{}", new ArtifactWriteOptions
        {
            Condition = WriteCondition.IfNotExists,
            Metadata = new Dictionary<string, string> { ["stage"] = "eval" },
            ContentType = "application/json",
        });

        var request = Assert.Single(_server.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal("/devstoreaccount1/artifacts/a%20b.json", request.PathAndQuery);
        Assert.Equal("*", request.Headers["If-None-Match"]);
        Assert.Equal("eval", request.Headers["x-ms-meta-stage"]);
        Assert.Equal("application/json", request.Headers["x-ms-blob-content-type"]);
        Assert.StartsWith("SharedKey devstoreaccount1:", request.Headers["Authorization"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutAsync_BlockUploadWithTransientBlockFailure_RetriesThatBlockAndCommitsOnce()
    {
        _server.Enqueue(FaultServer.Status(503));
        var store = CreateStore(maxRetries: 3, blocks: true);

        await store.PutAsync("big.bin", new MemoryStream(new byte[10 * 1024]));

        var requests = _server.Requests.ToList();
        Assert.Equal(6, requests.Count(r => r.PathAndQuery.Contains("comp=block&", StringComparison.Ordinal)));
        Assert.Single(requests, r => r.PathAndQuery.Contains("comp=blocklist", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PutAsync_BlockUploadWithFailedBlock_ThrowsAndNeverCommits()
    {
        _server.Enqueue(FaultServer.Status(201), FaultServer.Status(400));
        var store = CreateStore(maxRetries: 3, blocks: true);

        await Assert.ThrowsAsync<ArtifactStoreException>(() => store.PutAsync("big.bin", new MemoryStream(new byte[20 * 1024])));

        Assert.DoesNotContain(_server.Requests, r => r.PathAndQuery.Contains("comp=blocklist", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retries_WithLogger_AreLoggedWithoutTheSas()
    {
        _server.Enqueue(FaultServer.Status(503), FaultServer.Status(503));
        var logger = new FakeLogger<AzureBlobArtifactStore>();
        var store = AzureBlobArtifactStore.FromSasUri(
            new Uri(_server.BaseUri, "devstoreaccount1/artifacts?sv=2021-12-02&sr=c&sp=rw&sig=c2VjcmV0"),
            configure: o => o.RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            logger: logger);

        await store.PutTextAsync("a.json", "{}");

        var retries = logger.Collector.GetSnapshot().Where(r => r.Level == LogLevel.Warning).ToList();
        Assert.Equal(2, retries.Count);
        Assert.All(retries, r => Assert.Contains("PUT " + store.DescribeLocation("a.json"), r.Message, StringComparison.Ordinal));
        Assert.DoesNotContain(retries, r => r.Message.Contains("sig=", StringComparison.Ordinal));
        Assert.All(_server.Requests, r => Assert.Contains("sig=c2VjcmV0", r.PathAndQuery, StringComparison.Ordinal));
    }

    private AzureBlobArtifactStore CreateStore(int maxRetries, FaultServer? server = null, bool blocks = false, TimeSpan? networkTimeout = null) =>
        AzureBlobArtifactStore.FromConnectionString(
            $"DefaultEndpointsProtocol=http;AccountName={AzuriteFixture.AccountName};AccountKey={AzuriteFixture.AccountKey};BlobEndpoint={new Uri((server ?? _server).BaseUri, AzuriteFixture.AccountName)}",
            configure: o =>
            {
                o.SingleUploadThresholdBytes = blocks ? 1024 : 4 * 1024 * 1024;
                o.BlockSizeBytes = blocks ? 2048 : 4 * 1024 * 1024;
                o.MaxConcurrentBlockUploads = 2;
                o.CreateContainerIfMissing = false;
                o.MaxRetryAttempts = maxRetries;
                o.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
                o.MaxRetryDelay = TimeSpan.FromMilliseconds(20);
                o.NetworkTimeout = networkTimeout ?? o.NetworkTimeout;
            });
}
