using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;

namespace BetterTogether.Storage.AzureBlob;

/// <summary>The ways to open an <see cref="AzureBlobArtifactStore"/>: by connection string, SAS URL or Microsoft Entra credential.</summary>
public sealed partial class AzureBlobArtifactStore
{
    /// <summary>
    /// Opens a store from an Azure Storage connection string: <c>UseDevelopmentStorage=true</c> (Azurite),
    /// <c>AccountName=…;AccountKey=…[;EndpointSuffix=…]</c>, explicit endpoints (<c>BlobEndpoint=…</c>), or
    /// <c>BlobEndpoint=…;SharedAccessSignature=…</c>.
    /// </summary>
    /// <param name="connectionString">The connection string.</param>
    /// <param name="containerName">The container that holds the artifacts.</param>
    /// <param name="configure">Adjusts the options before validation.</param>
    /// <param name="logger">Logs retries, container creation and uploads.</param>
    /// <exception cref="FormatException">The connection string is malformed.</exception>
    /// <exception cref="ArgumentException">The container name or an option is invalid.</exception>
    public static AzureBlobArtifactStore FromConnectionString(string connectionString, string containerName = ArtifactStores.DefaultContainerName, Action<AzureBlobArtifactStoreOptions>? configure = null, ILogger<AzureBlobArtifactStore>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        BlobLocations.ValidateContainerName(containerName);
        var options = Configure(new AzureBlobArtifactStoreOptions(), configure);
        BlobServiceClient service;
        try
        {
            service = new BlobServiceClient(connectionString, ClientOptions(options, logger));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            // The SDK's message names the faulty setting, never its value; ours must not echo the string either (it holds the key).
            throw new FormatException($"The blob storage connection string is malformed: {ex.Message}", ex);
        }

        return new AzureBlobArtifactStore(service.GetBlobContainerClient(containerName), options, logger);
    }

    /// <summary>
    /// Opens a store from a URL with a shared access signature: a service URL with an account SAS
    /// (<c>https://acct.blob.core.windows.net?sv=…&amp;srt=…&amp;sig=…</c>) on <paramref name="containerName"/>, or a
    /// container URL with a container or account SAS (<c>https://acct.blob.core.windows.net/models?sv=…&amp;sr=c&amp;sig=…</c>),
    /// whose container wins. Only an account SAS may create a missing container, so the store tries only with one.
    /// </summary>
    /// <param name="sasUri">The URL with the SAS as its query; IP and loopback hosts are path-style (<c>http://127.0.0.1:10000/account/container</c>).</param>
    /// <param name="containerName">The container when the URL names none.</param>
    /// <param name="configure">Adjusts the options before validation.</param>
    /// <param name="logger">Logs retries, container creation and uploads.</param>
    /// <exception cref="ArgumentException">The URL is not http(s) or has no SAS, or the container name or an option is invalid.</exception>
    public static AzureBlobArtifactStore FromSasUri(Uri sasUri, string containerName = ArtifactStores.DefaultContainerName, Action<AzureBlobArtifactStoreOptions>? configure = null, ILogger<AzureBlobArtifactStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(sasUri);
        if (!sasUri.IsAbsoluteUri || sasUri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"A SAS URL must be an absolute http(s) URL (got scheme '{(sasUri.IsAbsoluteUri ? sasUri.Scheme : "relative")}').", nameof(sasUri));
        }

        var sas = sasUri.Query.TrimStart('?');
        if (sas.Length == 0)
        {
            throw new ArgumentException($"'{sasUri}' has no shared access signature (query); use {nameof(FromTokenCredential)} for Microsoft Entra authorization.", nameof(sasUri));
        }

        var (service, named) = BlobLocations.Split(sasUri);
        var container = named ?? containerName;
        BlobLocations.ValidateContainerName(container);
        var isAccountSas = sas.Split('&').Any(p => p.StartsWith("srt=", StringComparison.OrdinalIgnoreCase));
        var options = Configure(new AzureBlobArtifactStoreOptions { CreateContainerIfMissing = isAccountSas }, configure);
        var client = new BlobContainerClient(BlobLocations.Container(service, container), new AzureSasCredential(sas), ClientOptions(options, logger));
        return new AzureBlobArtifactStore(client, options, logger);
    }

    /// <summary>
    /// Opens a store authorized by Microsoft Entra tokens from <paramref name="credential"/> (e.g.
    /// <c>DefaultAzureCredential</c>, <c>ManagedIdentityCredential</c>); the identity needs a data role such as
    /// Storage Blob Data Contributor. Tokens travel over HTTPS only.
    /// </summary>
    /// <param name="url">The https service URL, or a container URL whose container wins.</param>
    /// <param name="credential">The token source.</param>
    /// <param name="containerName">The container when the URL names none.</param>
    /// <param name="configure">Adjusts the options before validation.</param>
    /// <param name="logger">Logs retries, container creation and uploads.</param>
    /// <exception cref="ArgumentException">The URL is not https or carries a query, or the container name or an option is invalid.</exception>
    public static AzureBlobArtifactStore FromTokenCredential(Uri url, TokenCredential credential, string containerName = ArtifactStores.DefaultContainerName, Action<AzureBlobArtifactStoreOptions>? configure = null, ILogger<AzureBlobArtifactStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(credential);
        if (!url.IsAbsoluteUri || url.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException(
                $"Microsoft Entra tokens (TokenCredential) are sent over HTTPS only, and '{(url.IsAbsoluteUri ? BlobLocations.WithoutQuery(url) : url.OriginalString)}' is not https. "
                + "For Azurite or another http endpoint use a connection string (account key) or a SAS URL.",
                nameof(url));
        }

        if (url.Query.TrimStart('?').Length > 0)
        {
            throw new ArgumentException($"'{BlobLocations.WithoutQuery(url)}' carries a query: a SAS URL goes to {nameof(FromSasUri)}, not with a token credential.", nameof(url));
        }

        var (service, named) = BlobLocations.Split(url);
        var container = named ?? containerName;
        BlobLocations.ValidateContainerName(container);
        var options = Configure(new AzureBlobArtifactStoreOptions(), configure);
        var client = new BlobServiceClient(service, credential, ClientOptions(options, logger)).GetBlobContainerClient(container);
        return new AzureBlobArtifactStore(client, options, logger);
    }

    private static AzureBlobArtifactStoreOptions Configure(AzureBlobArtifactStoreOptions options, Action<AzureBlobArtifactStoreOptions>? configure)
    {
        configure?.Invoke(options);
        options.Validate();
        return options;
    }

    private static BlobClientOptions ClientOptions(AzureBlobArtifactStoreOptions options, ILogger? logger)
    {
        var client = options.CreateClientOptions();
        if (logger is not null)
        {
            client.AddPolicy(new RetryLoggingPolicy(logger), HttpPipelinePosition.PerRetry);
        }

        return client;
    }
}
