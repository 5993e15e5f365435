using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BetterTogether.Storage.AzureBlob;

/// <summary>
/// Artifacts as block blobs in one container, over the Blob REST API (no SDK): Put Blob for small payloads,
/// Put Block + Put Block List for large ones, streaming Get Blob, Get Blob Properties, paged List Blobs,
/// Delete Blob; conditional writes with <c>If-None-Match: *</c> and <c>If-Match</c>; metadata as
/// <c>x-ms-meta-*</c>; every call retried with backoff and jitter on transient failures.
/// </summary>
public sealed class AzureBlobArtifactStore : IArtifactStore
{
    private static readonly Lazy<HttpClient> SharedHttp = new(() => new HttpClient(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    });

    private readonly AzureBlobArtifactStoreOptions _options;
    private readonly BlobRestClient _client;
    private readonly ILogger _logger;
    private readonly string _containerUrl;
    private readonly SemaphoreSlim _containerGate = new(1, 1);
    private volatile bool _containerReady;

    /// <summary>Creates a store with <paramref name="options"/>.</summary>
    /// <param name="options">Endpoint, container, credentials, upload and retry settings (validated here).</param>
    /// <param name="httpClient">The client to send with; a shared pooled client when null. Its timeout should be infinite (attempts are timed by <see cref="AzureBlobArtifactStoreOptions.AttemptTimeout"/>).</param>
    /// <param name="logger">Logs retries and container creation.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public AzureBlobArtifactStore(AzureBlobArtifactStoreOptions options, HttpClient? httpClient = null, ILogger<AzureBlobArtifactStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _client = new BlobRestClient(httpClient ?? SharedHttp.Value, options, _logger);
        _containerUrl = $"{options.ServiceUri!.AbsoluteUri.TrimEnd('/')}/{options.ContainerName}";
    }

    /// <summary>Creates a store from an Azure Storage connection string (including <c>UseDevelopmentStorage=true</c>).</summary>
    /// <exception cref="FormatException">The connection string is malformed.</exception>
    public static AzureBlobArtifactStore FromConnectionString(string connectionString, string containerName = "artifacts", Action<AzureBlobArtifactStoreOptions>? configure = null, HttpClient? httpClient = null, ILogger<AzureBlobArtifactStore>? logger = null)
    {
        var parsed = BlobConnectionString.Parse(connectionString);
        var options = new AzureBlobArtifactStoreOptions { ServiceUri = parsed.BlobEndpoint, ContainerName = containerName, Credentials = parsed.Credentials };
        configure?.Invoke(options);
        return new AzureBlobArtifactStore(options, httpClient, logger);
    }

    /// <summary>The container's URL.</summary>
    public Uri ContainerUri => new(_containerUrl);

    /// <inheritdoc />
    public async Task<ArtifactInfo> PutAsync(string path, Stream content, ArtifactWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        var url = BlobUrl(path);
        ArgumentNullException.ThrowIfNull(content);
        options ??= new ArtifactWriteOptions();
        var metadata = ArtifactMetadata.Validate(options.Metadata);
        var condition = options.Condition ?? WriteCondition.None;
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);

        var threshold = _options.SingleUploadThresholdBytes;
        var head = System.Buffers.ArrayPool<byte>.Shared.Rent(threshold + 1);
        try
        {
            var read = await BlobUpload.ReadFullyAsync(content, head.AsMemory(0, threshold + 1), cancellationToken).ConfigureAwait(false);
            if (read <= threshold)
            {
                using var response = await _client.SendAsync(
                    () =>
                    {
                        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent(head, 0, read) };
                        request.Headers.TryAddWithoutValidation("x-ms-blob-type", "BlockBlob");
                        BlobUpload.AddWriteHeaders(request, options.ContentType, metadata, condition);
                        return request;
                    },
                    $"Put Blob {url}",
                    HttpCompletionOption.ResponseContentRead,
                    cancellationToken).ConfigureAwait(false);
                return await CompleteWriteAsync(response, path, url, read, metadata, condition, "Put Blob", cancellationToken).ConfigureAwait(false) with { ContentType = options.ContentType };
            }

            if (condition.CreateOnly && await GetInfoAsync(path, cancellationToken).ConfigureAwait(false) is not null)
            {
                // Fail before uploading blocks; the decisive check is the condition on Put Block List.
                throw new ArtifactConflictException($"Conditional write of {url} failed: the blob already exists.");
            }

            var upload = new BlobUpload(_client, url, _options.BlockSizeBytes);
            var (blockIds, total) = await upload.StageAsync(head.AsMemory(0, read), content, _options.MaxConcurrentBlockUploads, cancellationToken).ConfigureAwait(false);
            using var commit = await _client.SendAsync(
                () =>
                {
                    var request = new HttpRequestMessage(HttpMethod.Put, $"{url}?comp=blocklist") { Content = BlobUpload.BlockListContent(blockIds) };
                    BlobUpload.AddWriteHeaders(request, options.ContentType, metadata, condition);
                    return request;
                },
                $"Put Block List {url}",
                HttpCompletionOption.ResponseContentRead,
                cancellationToken).ConfigureAwait(false);
            var info = await CompleteWriteAsync(commit, path, url, total, metadata, condition, "Put Block List", cancellationToken).ConfigureAwait(false);
            Log.UploadedBlocks(_logger, url, blockIds.Count, total);
            return info with { ContentType = options.ContentType };
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(head);
        }
    }

    /// <inheritdoc />
    public async Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var url = BlobUrl(path);
        var response = await _client.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, url), $"Get Blob {url}", HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            var code = BlobRestClient.ErrorCode(response);
            response.Dispose();
            throw new ArtifactNotFoundException(path, code is null ? url : $"{url}, {code}");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await BlobRestClient.FailureAsync(response, "Get Blob", url, cancellationToken).ConfigureAwait(false);
        }

        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return new BlobResponseStream(response, body, response.Content.Headers.ContentLength);
    }

    /// <inheritdoc />
    public async Task<ArtifactInfo?> GetInfoAsync(string path, CancellationToken cancellationToken = default)
    {
        var url = BlobUrl(path);
        using var response = await _client.SendAsync(() => new HttpRequestMessage(HttpMethod.Head, url), $"Get Blob Properties {url}", HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await BlobRestClient.FailureAsync(response, "Get Blob Properties", url, cancellationToken).ConfigureAwait(false);
        }

        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in response.Headers.NonValidated)
        {
            if (header.Key.StartsWith("x-ms-meta-", StringComparison.OrdinalIgnoreCase))
            {
                metadata[header.Key["x-ms-meta-".Length..]] = string.Join(',', header.Value);
            }
        }

        return new ArtifactInfo(path, response.Content.Headers.ContentLength ?? 0, ETagOf(response), response.Content.Headers.LastModified ?? default, metadata)
        {
            ContentType = response.Content.Headers.NonValidated.TryGetValues("Content-Type", out var type) ? type.ToString() : null,
        };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ArtifactInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArtifactPath.ValidatePrefix(prefix);
        string? marker = null;
        do
        {
            var query = $"{_containerUrl}?restype=container&comp=list&include=metadata&maxresults={_options.ListPageSize}"
                + (prefix.Length > 0 ? $"&prefix={Uri.EscapeDataString(prefix)}" : string.Empty)
                + (marker is null ? string.Empty : $"&marker={Uri.EscapeDataString(marker)}");
            BlobListPage page;
            using (var response = await _client.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, query), $"List Blobs {_containerUrl}", HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false))
            {
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    yield break;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw await BlobRestClient.FailureAsync(response, "List Blobs", _containerUrl, cancellationToken).ConfigureAwait(false);
                }

                var xml = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using (xml.ConfigureAwait(false))
                {
                    page = await BlobListPage.ParseAsync(xml, cancellationToken).ConfigureAwait(false);
                }
            }

            foreach (var item in page.Items)
            {
                yield return item;
            }

            marker = page.NextMarker;
        }
        while (marker is not null);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        var url = BlobUrl(path);
        using var response = await _client.SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, url), $"Delete Blob {url}", HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await BlobRestClient.FailureAsync(response, "Delete Blob", url, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <inheritdoc />
    public string DescribeLocation(string path) => BlobUrl(path);

    /// <summary>Creates the container when it does not exist; safe to call repeatedly and concurrently.</summary>
    public async Task EnsureContainerAsync(CancellationToken cancellationToken = default)
    {
        if (_containerReady || !_options.CreateContainerIfMissing)
        {
            return;
        }

        await _containerGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_containerReady)
            {
                return;
            }

            using var response = await _client.SendAsync(() => new HttpRequestMessage(HttpMethod.Put, $"{_containerUrl}?restype=container"), $"Create Container {_containerUrl}", HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                Log.CreatedContainer(_logger, _containerUrl);
            }
            else if (response.StatusCode != HttpStatusCode.Conflict || BlobRestClient.ErrorCode(response) is { } code && code != "ContainerAlreadyExists")
            {
                throw await BlobRestClient.FailureAsync(response, "Create Container", _containerUrl, cancellationToken).ConfigureAwait(false);
            }

            _containerReady = true;
        }
        finally
        {
            _containerGate.Release();
        }
    }

    private string BlobUrl(string path)
    {
        ArtifactPath.Validate(path);
        return $"{_containerUrl}/{string.Join('/', path.Split('/').Select(Uri.EscapeDataString))}";
    }

    private static async Task<ArtifactInfo> CompleteWriteAsync(HttpResponseMessage response, string path, string url, long length, IReadOnlyDictionary<string, string> metadata, WriteCondition condition, string operation, CancellationToken cancellationToken)
    {
        var conditional = condition.CreateOnly || condition.IfMatchETag is not null;
        if (conditional && response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            var code = BlobRestClient.ErrorCode(response);
            if (response.StatusCode != HttpStatusCode.NotFound || code == "BlobNotFound")
            {
                var why = condition.CreateOnly ? "the blob already exists" : $"the blob's ETag is not {condition.IfMatchETag}";
                throw new ArtifactConflictException($"Conditional write of {url} failed: {why} (HTTP {(int)response.StatusCode} {code}).");
            }
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await BlobRestClient.FailureAsync(response, operation, url, cancellationToken).ConfigureAwait(false);
        }

        return new ArtifactInfo(path, length, ETagOf(response), response.Content.Headers.LastModified ?? default, metadata);
    }

    private static string ETagOf(HttpResponseMessage response) =>
        response.Headers.NonValidated.TryGetValues("ETag", out var values) ? values.ToString() : string.Empty;
}
