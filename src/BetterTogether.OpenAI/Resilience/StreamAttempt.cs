using Microsoft.Extensions.AI;

namespace BetterTogether.OpenAI.Resilience;

/// <summary>
/// One streaming attempt that has received its first update. The attempt's token (per-attempt and total timeouts)
/// can cancel the stream only until then; afterwards the stream runs under the caller's token alone, because the
/// pipeline's token sources are recycled once the attempt returns.
/// </summary>
internal sealed class StreamAttempt : IAsyncDisposable
{
    private readonly IAsyncEnumerator<ChatResponseUpdate> _enumerator;
    private readonly CancellationTokenSource _cancellation;

    private StreamAttempt(IAsyncEnumerator<ChatResponseUpdate> enumerator, CancellationTokenSource cancellation, bool hasCurrent)
    {
        _enumerator = enumerator;
        _cancellation = cancellation;
        HasCurrent = hasCurrent;
    }

    /// <summary>Whether <see cref="Current"/> holds an update.</summary>
    public bool HasCurrent { get; private set; }

    /// <summary>The current update.</summary>
    public ChatResponseUpdate Current => _enumerator.Current;

    /// <summary>Starts <paramref name="start"/>'s stream and waits for its first update under both tokens.</summary>
    public static async ValueTask<StreamAttempt> StartAsync(
        Func<CancellationToken, IAsyncEnumerable<ChatResponseUpdate>> start,
        CancellationToken attemptToken,
        CancellationToken callerToken)
    {
        var cancellation = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
        IAsyncEnumerator<ChatResponseUpdate>? enumerator = null;
        try
        {
            bool hasCurrent;
            using (attemptToken.Register(static source => ((CancellationTokenSource)source!).Cancel(), cancellation))
            {
                enumerator = start(cancellation.Token).GetAsyncEnumerator(cancellation.Token);
                hasCurrent = await enumerator.MoveNextAsync().ConfigureAwait(false);
            }

            return new StreamAttempt(enumerator, cancellation, hasCurrent);
        }
        catch
        {
            if (enumerator is not null)
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
            }

            cancellation.Dispose();
            throw;
        }
    }

    /// <summary>Moves to the next update.</summary>
    /// <returns>Whether an update is available.</returns>
    public async ValueTask<bool> MoveNextAsync()
    {
        HasCurrent = await _enumerator.MoveNextAsync().ConfigureAwait(false);
        return HasCurrent;
    }

    public async ValueTask DisposeAsync()
    {
        await _enumerator.DisposeAsync().ConfigureAwait(false);
        _cancellation.Dispose();
    }
}
