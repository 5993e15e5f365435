namespace BetterTogether.Durable.Tests.Samples;

/// <summary>What <see cref="FlakyActivity"/> does: fail its first attempts with a transient or a permanent error.</summary>
internal sealed record FlakyRequest(string Key, int FailingAttempts, bool Permanent);
