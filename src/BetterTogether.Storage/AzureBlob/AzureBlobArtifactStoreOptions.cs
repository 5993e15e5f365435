using Azure.Core;
using Azure.Storage;
using Azure.Storage.Blobs;

namespace BetterTogether.Storage.AzureBlob;

/// <summary>
/// Options of <see cref="AzureBlobArtifactStore"/>: how uploads are split, how listing pages, and the retry
/// settings of the Azure SDK client that the store's factories build (<see cref="CreateClientOptions"/>).
/// </summary>
public sealed class AzureBlobArtifactStoreOptions
{
    private const int MiB = 1024 * 1024;

    /// <summary>Create the container on the first write when it is missing.</summary>
    public bool CreateContainerIfMissing { get; set; } = true;

    /// <summary>Payloads up to this size go in one Put Blob; larger ones as blocks (Put Block + Put Block List).</summary>
    public int SingleUploadThresholdBytes { get; set; } = 4 * MiB;

    /// <summary>The block size of block uploads.</summary>
    public int BlockSizeBytes { get; set; } = 4 * MiB;

    /// <summary>How many blocks of one upload are sent at once (each holds one block in memory).</summary>
    public int MaxConcurrentBlockUploads { get; set; } = 4;

    /// <summary>The page size of List Blobs (<c>maxresults</c>, at most 5000).</summary>
    public int ListPageSize { get; set; } = 5000;

    /// <summary>Retries after the first attempt on 408/429/500/502/503/504 and network errors (<see cref="RetryOptions.MaxRetries"/>).</summary>
    public int MaxRetryAttempts { get; set; } = 5;

    /// <summary>The first retry delay; it grows exponentially, with jitter, and a Retry-After header wins (<see cref="RetryOptions.Delay"/>).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest delay between attempts (<see cref="RetryOptions.MaxDelay"/>).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one network operation (an attempt, or a read of a response body) may take (<see cref="RetryOptions.NetworkTimeout"/>).</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// The Blob service version to speak; the SDK's latest when null. Pin an older one for an emulator that
    /// rejects newer versions (Azurite started without <c>--skipApiVersionCheck</c>).
    /// </summary>
    public BlobClientOptions.ServiceVersion? ServiceVersion { get; set; }

    /// <summary>Adjusts the SDK client options last (transport, diagnostics, extra pipeline policies).</summary>
    public Action<BlobClientOptions>? ConfigureClient { get; set; }

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public void Validate()
    {
        Check(SingleUploadThresholdBytes is >= 1024 and <= 256 * MiB, nameof(SingleUploadThresholdBytes), SingleUploadThresholdBytes, "1 KiB..256 MiB");
        Check(BlockSizeBytes is >= 1024 and <= 100 * MiB, nameof(BlockSizeBytes), BlockSizeBytes, "1 KiB..100 MiB");
        Check(MaxConcurrentBlockUploads is >= 1 and <= 16, nameof(MaxConcurrentBlockUploads), MaxConcurrentBlockUploads, "1..16");
        Check(ListPageSize is >= 1 and <= 5000, nameof(ListPageSize), ListPageSize, "1..5000");
        Check(MaxRetryAttempts is >= 0 and <= 20, nameof(MaxRetryAttempts), MaxRetryAttempts, "0..20");
        Check(RetryBaseDelay >= TimeSpan.Zero && RetryBaseDelay <= TimeSpan.FromMinutes(5), nameof(RetryBaseDelay), RetryBaseDelay, "0..5 min");
        Check(MaxRetryDelay >= RetryBaseDelay && MaxRetryDelay <= TimeSpan.FromHours(1), nameof(MaxRetryDelay), MaxRetryDelay, $"{nameof(RetryBaseDelay)}..1 h");
        Check(NetworkTimeout >= TimeSpan.FromMilliseconds(10) && NetworkTimeout <= TimeSpan.FromHours(1), nameof(NetworkTimeout), NetworkTimeout, "10 ms..1 h");
    }

    /// <summary>
    /// The SDK client options these settings stand for: exponential retry with <see cref="MaxRetryAttempts"/>,
    /// <see cref="RetryBaseDelay"/>, <see cref="MaxRetryDelay"/> and <see cref="NetworkTimeout"/>, the pinned
    /// <see cref="ServiceVersion"/>, then <see cref="ConfigureClient"/>. Use it to build a <see cref="BlobContainerClient"/>
    /// of your own for <see cref="AzureBlobArtifactStore(BlobContainerClient, AzureBlobArtifactStoreOptions?, Microsoft.Extensions.Logging.ILogger{AzureBlobArtifactStore}?)"/>.
    /// </summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public BlobClientOptions CreateClientOptions()
    {
        Validate();
        var options = ServiceVersion is { } version ? new BlobClientOptions(version) : new BlobClientOptions();
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = MaxRetryAttempts;
        options.Retry.Delay = RetryBaseDelay;
        options.Retry.MaxDelay = MaxRetryDelay;
        options.Retry.NetworkTimeout = NetworkTimeout;
        ConfigureClient?.Invoke(options);
        return options;
    }

    /// <summary>The SDK transfer options of an upload.</summary>
    internal StorageTransferOptions TransferOptions() => new()
    {
        InitialTransferSize = SingleUploadThresholdBytes,
        MaximumTransferSize = BlockSizeBytes,
        MaximumConcurrency = MaxConcurrentBlockUploads,
    };

    private static void Check(bool ok, string option, object value, string range)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(option, value, $"{nameof(AzureBlobArtifactStoreOptions)}.{option} must be in {range}.");
        }
    }
}
