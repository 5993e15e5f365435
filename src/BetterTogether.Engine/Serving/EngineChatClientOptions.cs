namespace BetterTogether.Engine.Serving;

/// <summary>Settings of <see cref="EngineChatClient"/>.</summary>
public sealed record EngineChatClientOptions
{
    /// <summary>Generated-token cap when a request sets none.</summary>
    public int DefaultMaxOutputTokens { get; init; } = 256;

    /// <summary>Requests generating at the same time (the rest wait); CPU cores are the limit.</summary>
    public int MaxConcurrentRequests { get; init; } = 1;

    /// <summary>
    /// Adapters loaded from request-named folders kept in memory (default 8); beyond it the least recently used
    /// is dropped and loaded again when a request names it. Registered adapters do not count.
    /// </summary>
    public int MaxCachedAdapterLocations { get; init; } = 8;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(DefaultMaxOutputTokens);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxConcurrentRequests);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxCachedAdapterLocations);
    }
}
