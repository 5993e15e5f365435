namespace BetterTogether.Durable.Tests.Infrastructure;

/// <summary>A bound on every wait, so a broken backend fails a test instead of hanging the run.</summary>
internal static class TestTimeout
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    public static CancellationTokenSource Start() => new(Wait);
}
