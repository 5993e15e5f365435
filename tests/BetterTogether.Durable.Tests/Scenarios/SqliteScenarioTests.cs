using BetterTogether.Durable.Tests.Infrastructure;
using Xunit.Abstractions;

namespace BetterTogether.Durable.Tests.Scenarios;

/// <summary>The scenarios on the embedded backend, one SQLite file per test.</summary>
public sealed class SqliteScenarioTests(ITestOutputHelper output) : DurableScenarioTests(output), IDisposable
{
    private readonly TempFolder _folder = new();

    protected override TimeSpan TimerGranularity => TimeSpan.Zero;

    protected override bool KeepsFullFailureDetails => true;

    public void Dispose() => _folder.Dispose();

    protected override DurableBackendOptions CreateBackend() => new()
    {
        Backend = DurableBackendKind.Embedded,
        EmbeddedDatabasePath = _folder.NewDatabase(),
        MaxConcurrentActivities = 4,
    };
}
