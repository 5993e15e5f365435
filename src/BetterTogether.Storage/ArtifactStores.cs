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
    /// query (<see cref="AzureBlobArtifactStore.FromSasUri"/>), else Microsoft Entra tokens from <see cref="DefaultAzureCredential"/>
    /// (managed identity in the cloud; https only, <see cref="AzureBlobArtifactStore.FromTokenCredential"/>).</item>
    /// </list>
    /// </summary>
    /// <param name="spec">The store's configuration string.</param>
    /// <param name="containerName">The blob container (ignored by the file store; a container URL's own container wins).</param>
    /// <param name="configure">Adjusts blob options (retries, block size) before validation.</param>
    /// <param name="loggerFactory">Logs retries and container creation.</param>
    /// <exception cref="ArgumentException">The spec is empty, names an http URL without a SAS (tokens need https), or the options or container name are invalid.</exception>
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

        if (LooksLikeConnectionString(spec))
        {
            return AzureBlobArtifactStore.FromConnectionString(spec, containerName, configure, logger);
        }

        if (spec.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || spec.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            var url = new Uri(spec);
            return url.Query.TrimStart('?').Length > 0
                ? AzureBlobArtifactStore.FromSasUri(url, containerName, configure, logger)
                : AzureBlobArtifactStore.FromTokenCredential(url, new DefaultAzureCredential(), containerName, configure, logger);
        }

        return new FileArtifactStore(spec);
    }

    /// <summary>True for <c>key=value</c> pairs that name a setting every blob connection string has one of.</summary>
    private static bool LooksLikeConnectionString(string spec)
    {
        string[] known = ["UseDevelopmentStorage=", "AccountName=", "BlobEndpoint=", "DefaultEndpointsProtocol=", "SharedAccessSignature="];
        return known.Any(key => spec.Contains(key, StringComparison.OrdinalIgnoreCase));
    }
}
