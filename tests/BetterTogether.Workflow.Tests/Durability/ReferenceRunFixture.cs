using System.Diagnostics;
using BetterTogether.Workflow.Optimization;

namespace BetterTogether.Workflow.Tests.Durability;

/// <summary>
/// The crash host's run without interruption (embedded backend, one process): the outcome, program bytes and LM calls
/// every interrupted or scaled-out run must reproduce.
/// </summary>
public sealed class ReferenceRunFixture : IAsyncLifetime
{
    private readonly CrashRunFolder _folder = new();

    internal OptimizationReport Report { get; private set; } = null!;

    internal string Program { get; private set; } = string.Empty;

    /// <summary>The cache keys of the LM calls made, in call order.</summary>
    internal IReadOnlyList<string> LmCalls { get; private set; } = [];

    /// <summary>Host start to exit.</summary>
    internal TimeSpan Duration { get; private set; }

    public async Task InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        using var host = CrashHostProcess.Start("the reference host", _folder.Arguments("run", ["--db", _folder.Database]));
        var exitCode = await host.WaitForExitAsync(CrashRunFolder.Timeout, "finish the uninterrupted reference run");
        Duration = clock.Elapsed;
        Assert.True(exitCode == 0, $"The reference host exited with {exitCode}. Its output:\n{host.Output}");
        Report = _folder.ReadResult().Report!;
        Program = _folder.ReadProgram();
        LmCalls = [.. _folder.LmCalls().Select(c => c.Text)];

        // With one activity at a time every repeated request is a cache hit; the crash tests rely on that baseline.
        Assert.Equal(LmCalls.Count, LmCalls.Distinct(StringComparer.Ordinal).Count());
        Assert.NotEmpty(LmCalls);
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }
}
