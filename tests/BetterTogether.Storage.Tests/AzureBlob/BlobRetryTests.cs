using System.Net;
using Azure.Core;
using BetterTogether.Storage.AzureBlob;
using BetterTogether.Storage.Tests.Infrastructure;
using BetterTogether.Testing.Azurite;

namespace BetterTogether.Storage.Tests.AzureBlob;

/// <summary>Retry, error and authorization behaviour against a loopback fault server (call counts, not durations).</summary>
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
    public async Task PutAsync_BadRequest_DoesNotRetryAndNamesUrlAndStatus()
    {
        _server.Enqueue(FaultServer.Status(400));
        var store = CreateStore(maxRetries: 5);

        var error = await Assert.ThrowsAsync<ArtifactStoreException>(() => store.PutTextAsync("runs/r/report.json", "{}"));

        Assert.Equal(1, _server.CallCount);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("InvalidHeaderValue", error.ErrorCode);
        Assert.Contains("/artifacts/runs/r/report.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("400", error.Message, StringComparison.Ordinal);
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
    public async Task PutAsync_ConditionFailed_MapsToConflictWithoutRetry()
    {
        _server.Enqueue(FaultServer.Status(412));
        var store = CreateStore(maxRetries: 5);

        await Assert.ThrowsAsync<ArtifactConflictException>(() => store.PutTextAsync("a.json", "{}", new ArtifactWriteOptions { Condition = WriteCondition.IfMatch("\"0x1\"") }));

        var request = Assert.Single(_server.Requests);
        Assert.Equal("\"0x1\"", request.Headers["If-Match"]);
    }

    [Fact]
    public async Task Requests_CarryVersionDateAndSharedKeyAuthorization()
    {
        var store = CreateStore(maxRetries: 0);
        await store.PutTextAsync("a.json", "{}", new ArtifactWriteOptions { Condition = WriteCondition.IfNotExists, Metadata = new Dictionary<string, string> { ["stage"] = "eval" } });

        var request = Assert.Single(_server.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal("/devstoreaccount1/artifacts/a.json", request.PathAndQuery);
        Assert.Equal(AzureBlobArtifactStoreOptions.DefaultApiVersion, request.Headers["x-ms-version"]);
        Assert.True(DateTimeOffset.TryParse(request.Headers["x-ms-date"], System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.StartsWith("SharedKey devstoreaccount1:", request.Headers["Authorization"], StringComparison.Ordinal);
        Assert.Equal("*", request.Headers["If-None-Match"]);
        Assert.Equal("eval", request.Headers["x-ms-meta-stage"]);
        Assert.Equal("BlockBlob", request.Headers["x-ms-blob-type"]);
    }

    [Fact]
    public async Task Requests_WithTokenCredential_SendBearerTokenForStorageScope()
    {
        var scopes = new List<string>();
        var credential = DelegatedTokenCredential.Create((context, _) =>
        {
            scopes.AddRange(context.Scopes);
            return new AccessToken("token-123", DateTimeOffset.UtcNow.AddHours(1));
        });
        var store = new AzureBlobArtifactStore(new AzureBlobArtifactStoreOptions
        {
            ServiceUri = new Uri(_server.BaseUri, "devstoreaccount1"),
            Credentials = BlobCredentials.Token(credential),
            CreateContainerIfMissing = false,
            MaxRetryAttempts = 0,
        });

        await store.PutTextAsync("a.json", "{}");
        await store.PutTextAsync("b.json", "{}");

        Assert.All(_server.Requests, r => Assert.Equal("Bearer token-123", r.Headers["Authorization"]));
        Assert.Equal([BlobCredentials.StorageScope], scopes);
    }

    [Fact]
    public async Task Requests_WithSas_AppendTokenToQuery()
    {
        var store = new AzureBlobArtifactStore(new AzureBlobArtifactStoreOptions
        {
            ServiceUri = new Uri(_server.BaseUri, "devstoreaccount1"),
            Credentials = BlobCredentials.SharedAccessSignature("?sv=2021-12-02&sig=abc%3D"),
            CreateContainerIfMissing = false,
            MaxRetryAttempts = 0,
        });

        await store.GetInfoAsync("a b.json");

        var request = Assert.Single(_server.Requests);
        Assert.Equal("/devstoreaccount1/artifacts/a%20b.json?sv=2021-12-02&sig=abc%3D", request.PathAndQuery);
        Assert.False(request.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task PutAsync_BlockUploadWithTransientBlockFailure_RetriesThatBlockAndCommitsOnce()
    {
        _server.Enqueue(FaultServer.Status(503));
        var store = CreateStore(maxRetries: 3, blocks: true);

        await store.PutAsync("big.bin", new MemoryStream(new byte[10 * 1024]));

        var requests = _server.Requests.ToList();
        Assert.Equal(6, requests.Count(r => r.PathAndQuery.Contains("comp=block&", StringComparison.Ordinal)));
        Assert.Single(requests, r => r.PathAndQuery.EndsWith("comp=blocklist", StringComparison.Ordinal));
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
    public void Options_TokenOverPlainHttpToRemoteHost_AreRejected()
    {
        var options = new AzureBlobArtifactStoreOptions
        {
            ServiceUri = new Uri("http://acct.blob.core.windows.net"),
            Credentials = BlobCredentials.Token(DelegatedTokenCredential.Create((_, _) => default)),
        };
        Assert.Throws<ArgumentException>(options.Validate);
    }

    [Theory]
    [InlineData("Ab")]
    [InlineData("has--double")]
    [InlineData("UPPER")]
    [InlineData("-start")]
    public void Options_BadContainerName_AreRejected(string name)
    {
        var options = new AzureBlobArtifactStoreOptions { ServiceUri = new Uri("https://acct.blob.core.windows.net"), ContainerName = name };
        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_OutOfRangeValues_AreRejected()
    {
        var options = new AzureBlobArtifactStoreOptions { ServiceUri = new Uri("https://acct.blob.core.windows.net"), BlockSizeBytes = 10 };
        Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
        options.BlockSizeBytes = 1024;
        options.ListPageSize = 5001;
        Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
        options.ListPageSize = 10;
        options.MaxRetryDelay = TimeSpan.FromMilliseconds(1);
        Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
    }

    [Fact]
    public void GetRetryAfter_DeltaAndDate_AreHonored()
    {
        var now = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
        using var delta = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        delta.Headers.TryAddWithoutValidation("Retry-After", "7");
        using var date = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        date.Headers.TryAddWithoutValidation("Retry-After", "Sun, 22 Nov 2026 10:00:03 GMT");
        using var none = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        Assert.Equal(TimeSpan.FromSeconds(7), BlobRetryPipeline.GetRetryAfter(delta, now));
        Assert.Equal(TimeSpan.FromSeconds(3), BlobRetryPipeline.GetRetryAfter(date, now));
        Assert.Null(BlobRetryPipeline.GetRetryAfter(none, now));
    }

    private AzureBlobArtifactStore CreateStore(int maxRetries, FaultServer? server = null, bool blocks = false) =>
        new(new AzureBlobArtifactStoreOptions
        {
            SingleUploadThresholdBytes = blocks ? 1024 : 4 * 1024 * 1024,
            BlockSizeBytes = blocks ? 2048 : 4 * 1024 * 1024,
            MaxConcurrentBlockUploads = 2,
            ServiceUri = new Uri((server ?? _server).BaseUri, "devstoreaccount1"),
            Credentials = BlobCredentials.SharedKey(BlobConnectionString.DevelopmentAccountName, BlobConnectionString.DevelopmentAccountKey),
            CreateContainerIfMissing = false,
            MaxRetryAttempts = maxRetries,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            MaxRetryDelay = TimeSpan.FromMilliseconds(20),
        });
}
