using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BetterTogether.Storage.AzureBlob;

/// <summary>
/// Artifacts as block blobs in one container, through the Azure SDK (<see cref="BlobContainerClient"/>).
/// Payloads up to <see cref="AzureBlobArtifactStoreOptions.SingleUploadThresholdBytes"/> go in one Put Blob,
/// larger ones as staged blocks committed by one Put Block List, so a failed or cancelled upload leaves nothing
/// visible. Conditional writes send <c>If-None-Match: *</c> or <c>If-Match</c>; the SDK retries transient
/// failures (<see cref="AzureBlobArtifactStoreOptions.CreateClientOptions"/>). Open one with
/// <see cref="FromConnectionString"/>, <see cref="FromSasUri"/>, <see cref="FromTokenCredential"/>, or wrap a
/// client of your own.
/// </summary>
public sealed partial class AzureBlobArtifactStore : IArtifactStore
{
    private readonly BlobContainerClient _container;
    private readonly AzureBlobArtifactStoreOptions _options;
    private readonly ILogger _logger;
    private readonly string _containerUrl;
    private readonly SemaphoreSlim _containerGate = new(1, 1);
    private volatile bool _containerReady;

    /// <summary>Creates a store over <paramref name="container"/>.</summary>
    /// <param name="container">
    /// The container client; its own pipeline (credentials, retries) is used as is. Build it with
    /// <see cref="AzureBlobArtifactStoreOptions.CreateClientOptions"/> for the options' retry settings.
    /// </param>
    /// <param name="options">Upload, listing and container settings (validated here); defaults when null.</param>
    /// <param name="logger">Logs container creation and uploads.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public AzureBlobArtifactStore(BlobContainerClient container, AzureBlobArtifactStoreOptions? options = null, ILogger<AzureBlobArtifactStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(container);
        options ??= new AzureBlobArtifactStoreOptions();
        options.Validate();
        _container = container;
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _containerUrl = BlobLocations.WithoutQuery(container.Uri);
    }

    /// <summary>The container's URL (without a SAS).</summary>
    public Uri ContainerUri => new(_containerUrl);

    /// <inheritdoc />
    public Task<ArtifactInfo> PutAsync(string path, Stream content, ArtifactWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        var blob = Blob(path);
        ArgumentNullException.ThrowIfNull(content);
        options ??= new ArtifactWriteOptions();
        var metadata = ArtifactMetadata.Validate(options.Metadata);
        var condition = options.Condition ?? WriteCondition.None;
        return CallAsync("Upload", path, async token =>
        {
            await EnsureContainerAsync(path, token).ConfigureAwait(false);
            long? knownLength = content.CanSeek ? content.Length - content.Position : null;
            if (condition.CreateOnly && (knownLength is null || knownLength > _options.SingleUploadThresholdBytes)
                && await GetInfoAsync(path, token).ConfigureAwait(false) is not null)
            {
                // Fail before staging blocks; the decisive check is the condition on the commit.
                throw new ArtifactConflictException($"Conditional write of '{path}' at {DescribeLocation(path)} failed: it already exists.");
            }

            // The SDK reads a seekable stream in place (and rewinds it to retry); others are read once, counted.
            var source = content.CanSeek ? content : new CountingReadStream(content);
            var upload = new BlobUploadOptions
            {
                HttpHeaders = options.ContentType is null ? null : new BlobHttpHeaders { ContentType = options.ContentType },
                Metadata = metadata.Count == 0 ? null : new Dictionary<string, string>(metadata, StringComparer.OrdinalIgnoreCase),
                Conditions = Conditions(condition),
                TransferOptions = _options.TransferOptions(),
            };
            BlobContentInfo stored;
            try
            {
                stored = (await blob.UploadAsync(source, upload, token).ConfigureAwait(false)).Value;
            }
            catch (RequestFailedException ex) when (BlobFailures.IsConditionFailure(ex, condition))
            {
                throw BlobFailures.Conflict(ex, condition, path, DescribeLocation(path));
            }

            var length = knownLength ?? ((CountingReadStream)source).BytesRead;
            Log.Uploaded(_logger, DescribeLocation(path), length);
            return new ArtifactInfo(path, length, Header(stored.ETag), stored.LastModified, metadata) { ContentType = options.ContentType };
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var blob = Blob(path);
        return CallAsync("Download", path, async token =>
        {
            try
            {
                // One GET streamed as it arrives; the SDK resumes a dropped body with a range read pinned to the ETag.
                var download = await blob.DownloadStreamingAsync(new BlobDownloadOptions(), token).ConfigureAwait(false);
                return download.Value.Content;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                throw new ArtifactNotFoundException(path, string.IsNullOrEmpty(ex.ErrorCode) ? DescribeLocation(path) : $"{DescribeLocation(path)}, {ex.ErrorCode}", ex);
            }
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ArtifactInfo?> GetInfoAsync(string path, CancellationToken cancellationToken = default)
    {
        var blob = Blob(path);
        return CallAsync("Get properties", path, async token =>
        {
            try
            {
                BlobProperties properties = await blob.GetPropertiesAsync(conditions: null, token).ConfigureAwait(false);
                return new ArtifactInfo(path, properties.ContentLength, Header(properties.ETag), properties.LastModified, Metadata(properties.Metadata))
                {
                    ContentType = string.IsNullOrEmpty(properties.ContentType) ? null : properties.ContentType,
                };
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                return (ArtifactInfo?)null;
            }
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ArtifactInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArtifactPath.ValidatePrefix(prefix);
        var query = new GetBlobsOptions { Traits = BlobTraits.Metadata, Prefix = prefix.Length == 0 ? null : prefix };
        var pages = _container.GetBlobsAsync(query, cancellationToken).AsPages(pageSizeHint: _options.ListPageSize).GetAsyncEnumerator(cancellationToken);
        await using (pages.ConfigureAwait(false))
        {
            while (true)
            {
                Page<BlobItem> page;
                try
                {
                    if (!await pages.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }

                    page = pages.Current;
                }
                catch (RequestFailedException ex) when (ex.Status == 404)
                {
                    // A container that was never written to holds nothing.
                    yield break;
                }
                catch (RequestFailedException ex)
                {
                    throw BlobFailures.Failed(ex, "List", prefix, _containerUrl);
                }
                catch (Exception ex) when (ex is AggregateException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    throw BlobFailures.NoAnswer(ex, "List", prefix, _containerUrl);
                }

                foreach (var item in page.Values)
                {
                    var properties = item.Properties;
                    yield return new ArtifactInfo(item.Name, properties.ContentLength ?? 0, Header(properties.ETag), properties.LastModified ?? default, Metadata(item.Metadata))
                    {
                        ContentType = string.IsNullOrEmpty(properties.ContentType) ? null : properties.ContentType,
                    };
                }
            }
        }
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        var blob = Blob(path);
        return CallAsync("Delete", path, async token =>
            (await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, conditions: null, token).ConfigureAwait(false)).Value, cancellationToken);
    }

    /// <inheritdoc />
    public string DescribeLocation(string path) => BlobLocations.Blob(_containerUrl, ArtifactPath.Validate(path));

    /// <summary>Creates the container when it does not exist (and <see cref="AzureBlobArtifactStoreOptions.CreateContainerIfMissing"/>); safe to call repeatedly and concurrently.</summary>
    /// <exception cref="ArtifactStoreException">The container could not be created.</exception>
    public Task EnsureContainerAsync(CancellationToken cancellationToken = default) => EnsureContainerAsync(null, cancellationToken);

    /// <summary>As <see cref="EnsureContainerAsync(CancellationToken)"/>; a failure names <paramref name="forPath"/>, the write that needed the container.</summary>
    private async Task EnsureContainerAsync(string? forPath, CancellationToken cancellationToken)
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

            var created = await CallAsync(
                forPath is null ? "Create container" : $"Create container for '{forPath}'",
                string.Empty,
                async token => await _container.CreateIfNotExistsAsync(PublicAccessType.None, metadata: null, encryptionScopeOptions: null, token).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
            if (created is not null)
            {
                Log.CreatedContainer(_logger, _containerUrl);
            }

            _containerReady = true;
        }
        finally
        {
            _containerGate.Release();
        }
    }

    private BlobClient Blob(string path) => _container.GetBlobClient(ArtifactPath.Validate(path));

    /// <summary>Runs one SDK call, turning its failures into the store's exceptions (ours pass through).</summary>
    private async Task<T> CallAsync<T>(string operation, string path, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call(cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex)
        {
            throw BlobFailures.Failed(ex, operation, path, Location(path));
        }
        catch (Exception ex) when (ex is AggregateException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw BlobFailures.NoAnswer(ex, operation, path, Location(path));
        }
    }

    private string Location(string path) => ArtifactPath.IsValid(path) ? DescribeLocation(path) : _containerUrl;

    private static BlobRequestConditions? Conditions(WriteCondition condition) =>
        condition.CreateOnly ? new BlobRequestConditions { IfNoneMatch = ETag.All }
        : condition.IfMatchETag is { } etag ? new BlobRequestConditions { IfMatch = new ETag(etag) }
        : null;

    /// <summary>The quoted (header) form, whichever form the service used: List Blobs gives ETags unquoted.</summary>
    private static string Header(ETag? etag) => etag?.ToString("H") ?? string.Empty;

    private static Dictionary<string, string> Metadata(IDictionary<string, string>? metadata) =>
        metadata is null ? new(StringComparer.OrdinalIgnoreCase) : new(metadata, StringComparer.OrdinalIgnoreCase);
}
