namespace BetterTogether.OpenAI.Tests.Fakes;

/// <summary>A clock the test moves by hand (timers stay real, so delays and timeouts still fire).</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
