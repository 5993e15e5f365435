using Xunit.Abstractions;

namespace BetterTogether.Workflow.Tests.Durability;

/// <summary>Crash recovery on the embedded backend: the restarted host reopens the killed one's SQLite file.</summary>
public sealed class CrashRecoveryOnEmbeddedTests(ReferenceRunFixture reference, ITestOutputHelper output)
    : CrashRecoveryTests(reference, output), IClassFixture<ReferenceRunFixture>
{
    protected override string BackendName => "Embedded (SQLite)";

    private protected override IReadOnlyList<string> BackendArguments(CrashRunFolder folder) => ["--db", folder.Database];
}
