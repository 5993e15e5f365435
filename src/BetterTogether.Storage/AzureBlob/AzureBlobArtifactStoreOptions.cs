namespace BetterTogether.Storage.AzureBlob;

/// <summary>Options of <see cref="AzureBlobArtifactStore"/>.</summary>
public sealed class AzureBlobArtifactStoreOptions
{
    /// <summary>The default <see cref="ApiVersion"/>, accepted by Azure and Azurite 3.</summary>
    public const string DefaultApiVersion = "2021-12-02";

    private const int MiB = 1024 * 1024;

    /// <summary>The blob service endpoint, e.g. <c>https://acct.blob.core.windows.net</c> or <c>http://127.0.0.1:10000/devstoreaccount1</c>.</summary>
    public Uri? ServiceUri { get; set; }

    /// <summary>The container that holds the artifacts (3-63 lowercase letters, digits and single hyphens).</summary>
    public string ContainerName { get; set; } = "artifacts";

    /// <summary>How requests are authorized; anonymous when null.</summary>
    public BlobCredentials? Credentials { get; set; }

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

    /// <summary>Retries after the first attempt on 408/429/500/502/503/504 and network errors.</summary>
    public int MaxRetryAttempts { get; set; } = 5;

    /// <summary>The first retry delay; it doubles each retry, with jitter (a Retry-After header wins).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest delay between attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one attempt may take until the response headers arrive.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The <c>x-ms-version</c> sent with every request.</summary>
    public string ApiVersion { get; set; } = DefaultApiVersion;

    /// <summary>The clock for request dates and retry delays.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Throws when an option is missing or out of range.</summary>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public void Validate()
    {
        const string Name = nameof(AzureBlobArtifactStoreOptions);
        if (ServiceUri is null || !ServiceUri.IsAbsoluteUri || ServiceUri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"{Name}.{nameof(ServiceUri)} must be an absolute http(s) URL (got '{ServiceUri}').", nameof(ServiceUri));
        }

        if (!string.IsNullOrEmpty(ServiceUri.Query))
        {
            throw new ArgumentException($"{Name}.{nameof(ServiceUri)} must not carry a query; pass a SAS token as {nameof(Credentials)}.", nameof(ServiceUri));
        }

        ValidateContainerName(ContainerName);
        if (Credentials is { RequiresHttps: true } && ServiceUri.Scheme != "https" && !ServiceUri.IsLoopback)
        {
            throw new ArgumentException($"{Name}: bearer tokens are sent over HTTPS only (or to a loopback host); got '{ServiceUri}'.", nameof(ServiceUri));
        }

        Check(SingleUploadThresholdBytes is >= 1024 and <= 256 * MiB, nameof(SingleUploadThresholdBytes), SingleUploadThresholdBytes, "1 KiB..256 MiB");
        Check(BlockSizeBytes is >= 1024 and <= 100 * MiB, nameof(BlockSizeBytes), BlockSizeBytes, "1 KiB..100 MiB");
        Check(MaxConcurrentBlockUploads is >= 1 and <= 16, nameof(MaxConcurrentBlockUploads), MaxConcurrentBlockUploads, "1..16");
        Check(ListPageSize is >= 1 and <= 5000, nameof(ListPageSize), ListPageSize, "1..5000");
        Check(MaxRetryAttempts is >= 0 and <= 20, nameof(MaxRetryAttempts), MaxRetryAttempts, "0..20");
        Check(RetryBaseDelay >= TimeSpan.Zero && RetryBaseDelay <= TimeSpan.FromMinutes(5), nameof(RetryBaseDelay), RetryBaseDelay, "0..5 min");
        Check(MaxRetryDelay >= RetryBaseDelay && MaxRetryDelay <= TimeSpan.FromHours(1), nameof(MaxRetryDelay), MaxRetryDelay, $"{nameof(RetryBaseDelay)}..1 h");
        Check(AttemptTimeout >= TimeSpan.FromMilliseconds(10) && AttemptTimeout <= TimeSpan.FromHours(1), nameof(AttemptTimeout), AttemptTimeout, "10 ms..1 h");
        if (string.IsNullOrWhiteSpace(ApiVersion))
        {
            throw new ArgumentException($"{Name}.{nameof(ApiVersion)} is required.", nameof(ApiVersion));
        }

        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
    }

    /// <summary>Throws unless <paramref name="name"/> is a valid container name.</summary>
    /// <exception cref="ArgumentException">The name breaks Azure's container naming rules.</exception>
    public static void ValidateContainerName(string name)
    {
        var valid = name is { Length: >= 3 and <= 63 }
            && (char.IsAsciiLetterLower(name[0]) || char.IsAsciiDigit(name[0]))
            && name[^1] != '-'
            && !name.Contains("--", StringComparison.Ordinal)
            && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
        if (!valid)
        {
            throw new ArgumentException($"Invalid container name '{name}': use 3-63 lowercase letters, digits and single hyphens, starting with a letter or digit.", nameof(ContainerName));
        }
    }

    private static void Check(bool ok, string option, object value, string range)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(option, value, $"{nameof(AzureBlobArtifactStoreOptions)}.{option} must be in {range}.");
        }
    }
}
