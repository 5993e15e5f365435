namespace BetterTogether.Durable.Sqlite;

/// <summary>
/// Wakes every waiter at once. A waiter takes <see cref="Next"/> before it looks for work, so a <see cref="Set"/> that
/// happens between its look and its wait is not lost.
/// </summary>
internal sealed class WorkSignal
{
    private TaskCompletionSource _next = NewSource();

    /// <summary>Completes at the next <see cref="Set"/>.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Set() => Interlocked.Exchange(ref _next, NewSource()).TrySetResult();

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
