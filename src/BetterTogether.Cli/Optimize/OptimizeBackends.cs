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

        // Adapters are trained and served in this process, so they live on local disk: inside a folder store, else under .bt/.
        var adapters = store is FileArtifactStore files
            ? Path.Combine(files.RootPath, "adapters")
            : Path.GetFullPath(Path.Combine(".bt", "adapters"));
        return new DurableOptimizationBackend(store, adapters);
    }
}
