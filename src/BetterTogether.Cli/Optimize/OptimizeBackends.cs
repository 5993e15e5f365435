namespace BetterTogether.Cli.Optimize;

/// <summary>Chooses the backend a run uses from its options.</summary>
internal static class OptimizeBackends
{
    /// <summary>The backend for <paramref name="options"/>.</summary>
    /// <exception cref="OptimizeInputException">The store is not a folder.</exception>
    public static IOptimizationBackend Create(OptimizeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Store.Contains("AccountName=", StringComparison.OrdinalIgnoreCase) || options.Store.Contains("UseDevelopmentStorage", StringComparison.OrdinalIgnoreCase))
        {
            throw new OptimizeInputException("--store: Azure connection strings need the durable runtime's Azure store, which this build does not wire yet; pass a folder.");
        }

        return new InProcessOptimizationBackend(Path.GetFullPath(options.Store));
    }
}
