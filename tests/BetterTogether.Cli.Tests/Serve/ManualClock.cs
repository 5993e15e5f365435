namespace BetterTogether.Cli.Tests.Serve;

/// <summary>A clock the test moves by hand (only <see cref="GetUtcNow"/>; timers stay real).</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public void Advance(TimeSpan by) => _now += by;

    public override DateTimeOffset GetUtcNow() => _now;
}
