using System.Collections.Concurrent;

namespace BetterTogether.Durable.Tests.Samples;

/// <summary>What the sample activities did (a singleton in the host), so tests can count executions and scopes.</summary>
internal sealed class ExecutionLog
{
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);

    public ConcurrentBag<(int Input, Guid Scope)> Squares { get; } = [];

    /// <summary>Counts an attempt of the activity working on <paramref name="key"/>; returns the attempt number from 1.</summary>
    public int Attempt(string key) => _attempts.AddOrUpdate(key, 1, (_, count) => count + 1);

    public int Attempts(string key) => _attempts.GetValueOrDefault(key);
}
