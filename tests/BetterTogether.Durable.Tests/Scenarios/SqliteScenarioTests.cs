using Xunit.Abstractions;

namespace BetterTogether.Durable.Tests.Scenarios;

/// <summary>The scenarios on the embedded backend, one SQLite file per test.</summary>
public sealed class SqliteScenarioTests(ITestOutputHelper output) : DurableScenarioTests(output), IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bt-durable-scenarios-").FullName;

    protected override bool KeepsFullFailureDetails => true;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    protected override DurableBackendOptions CreateBackend() => new()
    {
        Backend = DurableBackendKind.Embedded,
        EmbeddedDatabasePath = Path.Combine(_folder, $"{Guid.NewGuid():N}.db"),
        MaxConcurrentActivities = 4,
    };
}
