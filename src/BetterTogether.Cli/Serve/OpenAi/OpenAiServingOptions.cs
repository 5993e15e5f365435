namespace BetterTogether.Cli.Serve.OpenAi;

/// <summary>Settings of the OpenAI-compatible endpoints over the in-process engine; validated by <see cref="Validate"/>.</summary>
public sealed record OpenAiServingOptions
{
    /// <summary>Requests generating at the same time (the engine's worker slots). Default 1: CPU cores are the limit.</summary>
    public int MaxConcurrentGenerations { get; init; } = 1;

    /// <summary>Requests that may wait for a generation slot; one more is answered 429. Default 16.</summary>
    public int MaxQueuedRequests { get; init; } = 16;

    /// <summary>Generated-token cap when a request sets neither <c>max_tokens</c> nor <c>max_completion_tokens</c>. Default 256.</summary>
    public int DefaultMaxTokens { get; init; } = 256;

    /// <summary>Temperature when a request sets none (OpenAI's default is 1). Default 1.</summary>
    public double DefaultTemperature { get; init; } = 1.0;

    /// <summary>Seconds sent in <c>Retry-After</c> with a 429. Default 1.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>The <c>owned_by</c> field of <c>GET /v1/models</c>. Default <c>bettertogether</c>.</summary>
    public string OwnedBy { get; init; } = "bettertogether";

    /// <summary>Checks every setting and names the first bad one.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A number is out of range.</exception>
    /// <exception cref="ArgumentException"><see cref="OwnedBy"/> is blank.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxConcurrentGenerations);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxQueuedRequests);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(DefaultMaxTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(DefaultTemperature);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(DefaultTemperature, 2.0);
        ArgumentOutOfRangeException.ThrowIfNegative(RetryAfterSeconds);
        ArgumentException.ThrowIfNullOrWhiteSpace(OwnedBy);
    }
}
