using BetterTogether.Storage;
using BetterTogether.Storage.FileSystem;

namespace BetterTogether.Cli.Optimize;

/// <summary>Opens the store a run uses and the durable backend over it.</summary>
internal static class OptimizeBackends
{
    /// <summary>The durable backend over <see cref="OptimizeOptions.Store"/> (a folder, or an Azure Storage connection string).</summary>
    /// <exception cref="OptimizeInputException">The store cannot be opened.</exception>
    public static IOptimizationBackend Create(OptimizeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IArtifactStore store;
        try
        {
            store = ArtifactStores.Open(options.Store);
        }
        catch (ArgumentException e)
        {
            throw new OptimizeInputException($"--store: {e.Message}", e);
        }

        // Adapters are trained and served in this process, so they live on local disk.
        return new DurableOptimizationBackend(store, LocalFolder(store, "adapters"));
    }

    /// <summary>A folder on local disk for what a run keeps beside its store: inside a folder store, else under <c>.bt/</c> of the working directory.</summary>
    /// <param name="store">The run's store.</param>
    /// <param name="relativePath">The folder's path below the store root or <c>.bt/</c>.</param>
    /// <returns>The absolute path.</returns>
    public static string LocalFolder(IArtifactStore store, string relativePath) => store is FileArtifactStore files
        ? Path.Combine(files.RootPath, relativePath)
        : Path.GetFullPath(Path.Combine(".bt", relativePath));
}
