using BetterTogether.Storage;
using BetterTogether.Storage.FileSystem;

namespace BetterTogether.Hosting;

/// <summary>
/// The one home of the local folders a host keeps beside its store (embedded Durable databases, the in-process
/// fine-tuner's work, fetched adapters): inside a folder store, else under <c>.bt/</c> of the working directory.
/// </summary>
public static class LocalFolders
{
    /// <summary>The folder of the in-process fine-tuner's adapters (inside a folder store it is the store's <c>adapters/</c>, so nothing is copied).</summary>
    public const string Adapters = "adapters";

    /// <summary>The folder adapters fetched from a remote store are cached in.</summary>
    public const string AdapterCache = "adapter-cache";

    /// <summary>A folder on local disk beside <paramref name="store"/>.</summary>
    /// <param name="store">The store.</param>
    /// <param name="relativePath">The folder's path below the store root or <c>.bt/</c>.</param>
    /// <returns>The absolute path.</returns>
    public static string Beside(IArtifactStore store, string relativePath)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(relativePath);
        return store is FileArtifactStore files
            ? Path.Combine(files.RootPath, relativePath)
            : Path.GetFullPath(Path.Combine(".bt", relativePath));
    }
}
