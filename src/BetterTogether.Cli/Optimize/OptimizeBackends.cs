using BetterTogether.Storage;

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
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new OptimizeInputException($"--store: {e.Message}", e);
        }

        return new DurableOptimizationBackend(store);
    }
}
