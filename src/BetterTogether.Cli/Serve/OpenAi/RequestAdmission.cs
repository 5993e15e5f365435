namespace BetterTogether.Cli.Serve.OpenAi;

/// <summary>
/// Counts requests that are generating or waiting to; refuses one over the limit so the server answers 429
/// instead of queueing without bound. The engine's own gate orders the admitted ones.
/// </summary>
/// <param name="limit">Requests admitted at once (generating plus queued).</param>
internal sealed class RequestAdmission(int limit)
{
    private int _inFlight;

    /// <summary>Gets the requests admitted now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Gets the most requests admitted at once.</summary>
    public int Limit => limit;

    /// <summary>Admits a request, or returns null when <see cref="Limit"/> requests are in flight.</summary>
    /// <returns>A lease that releases the slot when disposed, or null.</returns>
    public IDisposable? TryEnter()
    {
        if (Interlocked.Increment(ref _inFlight) > limit)
        {
            Interlocked.Decrement(ref _inFlight);
            return null;
        }

        return new Lease(this);
    }

    private sealed class Lease(RequestAdmission owner) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Interlocked.Decrement(ref owner._inFlight);
            }
        }
    }
}
