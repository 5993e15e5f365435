using Azure.Identity;
using BetterTogether.Storage.AzureBlob;
using BetterTogether.Storage.FileSystem;
using Microsoft.Extensions.Logging;

namespace BetterTogether.Storage;

/// <summary>Opens an <see cref="IArtifactStore"/> from one configuration string.</summary>
public static class ArtifactStores
{
    /// <summary>The container used when a blob spec names none.</summary>
    public const string DefaultContainerName = "artifacts";

    /// <summary>
    /// Opens the store that <paramref name="spec"/> names:
    /// <list type="bullet">
    /// <item><c>file:&lt;path&gt;</c>, <c>file:///abs/path</c> or a plain folder path: a <see cref="FileArtifactStore"/>;</item>
    /// <item><c>UseDevelopmentStorage=true</c> or a full connection string (<c>AccountName=…;AccountKey=…</c>,
    /// <c>BlobEndpoint=…;SharedAccessSignature=…</c>): an <see cref="AzureBlobArtifactStore"/> on <paramref name="containerName"/>;</item>
    /// <item>a blob service or container URL (<c>https://acct.blob.core.windows.net[/container][?sas]</c>): SAS when the URL has a
    /// query, else Microsoft Entra tokens from <see cref="DefaultAzureCredential"/> (managed identity in the cloud).</item>
    /// </list>
    /// </summary>
    /// <param name="spec">The store's configuration string.</param>
    /// <param name="containerName">The blob container (ignored by the file store; a container URL's own container wins).</param>
    /// <param name="configure">Adjusts blob options (retries, block size) before validation.</param>
    /// <param name="loggerFactory">Logs retries and container creation.</param>
    /// <exception cref="ArgumentException">The spec is empty or the options are invalid.</exception>
    /// <exception cref="FormatException">A connection string is malformed.</exception>
    public static IArtifactStore Open(string spec, string containerName = DefaultContainerName, Action<AzureBlobArtifactStoreOptions>? configure = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        ArgumentException.ThrowIfNullOrWhiteSpace(containerName);
        spec = spec.Trim();
        var logger = loggerFactory?.CreateLogger<AzureBlobArtifactStore>();
        if (spec.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            var path = spec.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? new Uri(spec).LocalPath : spec["file:".Length..];
            return new FileArtifactStore(string.IsNullOrWhiteSpace(path) ? throw new ArgumentException($"Store spec '{spec}' names no folder.", nameof(spec)) : path);
        }

        if (BlobConnectionString.LooksLikeConnectionString(spec))
        {
            return AzureBlobArtifactStore.FromConnectionString(spec, containerName, configure, null, logger);
        }

        if (spec.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || spec.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            return OpenUrl(new Uri(spec), containerName, configure, logger);
        }

        return new FileArtifactStore(spec);
    }

    private static AzureBlobArtifactStore OpenUrl(Uri url, string containerName, Action<AzureBlobArtifactStoreOptions>? configure, ILogger<AzureBlobArtifactStore>? logger)
    {
        var segments = url.AbsolutePath.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);

        // Host-style (acct.blob.core.windows.net/container) or path-style (127.0.0.1:10000/account/container).
        var accountSegments = url.IsLoopback || System.Net.IPAddress.TryParse(url.Host, out _) ? 1 : 0;
        var service = new UriBuilder(url) { Query = string.Empty, Path = string.Join('/', segments.Take(accountSegments)) }.Uri;
        var options = new AzureBlobArtifactStoreOptions
        {
            ServiceUri = service,
            ContainerName = segments.Length > accountSegments ? segments[accountSegments] : containerName,
            Credentials = string.IsNullOrEmpty(url.Query)
                ? BlobCredentials.Token(new DefaultAzureCredential())
                : BlobCredentials.SharedAccessSignature(url.Query),
        };
        configure?.Invoke(options);
        return new AzureBlobArtifactStore(options, null, logger);
    }
}
