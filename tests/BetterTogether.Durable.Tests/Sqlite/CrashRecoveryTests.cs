using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using BetterTogether.Durable.Sqlite;
using BetterTogether.Durable.Tests.Infrastructure;

namespace BetterTogether.Durable.Tests.Sqlite;

/// <summary>
/// Runs the CrashHost process (a fan-out of six activities, two at a time, over one SQLite file), SIGKILLs it while
/// items 3 and 4 are in flight, restarts it on the same file and checks that the run completes with the same result,
/// that the activities that had completed do not run again and that only the in-flight ones do.
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private const int Items = 6;
    private const int BlockFrom = 3;
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);
    private readonly TempFolder _folder = new();

    private string Database => Path.Combine(_folder.Path, "durable.db");

    private string ExecutionLog => Path.Combine(_folder.Path, "executions.log");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task CrashHost_KilledMidFanOutAndRestarted_CompletesWithoutRerunningCompletedActivities()
    {
        using (var first = StartHost(blockFrom: BlockFrom))
        {
            // Two at a time: items 3 and 4 start only after 0, 1 and 2 have completed (their slots are freed after the commit).
            await WaitForStartsAsync(first, [0, 1, 2, 3, 4]);
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync().WaitAsync(ProcessTimeout);
        }

        var beforeRestart = Executions();
        Assert.False(File.Exists(Path.Combine(_folder.Path, "result.txt")), "The first host finished before it was killed.");

        using (var second = StartHost(blockFrom: int.MaxValue))
        {
            await second.WaitForExitAsync().WaitAsync(ProcessTimeout);
            Assert.True(second.ExitCode == 0, $"The restarted host exited with {second.ExitCode}: {await second.StandardError.ReadToEndAsync()}");
        }

        var executions = Executions();
        Assert.Equal($"Completed {Enumerable.Range(0, Items).Sum(i => i * i)}", await File.ReadAllTextAsync(Path.Combine(_folder.Path, "result.txt")));
        Assert.Equal(new Dictionary<int, int> { [0] = 1, [1] = 1, [2] = 1, [3] = 1, [4] = 1 }, beforeRestart);
        Assert.Equal(new Dictionary<int, int> { [0] = 1, [1] = 1, [2] = 1, [3] = 2, [4] = 2, [5] = 1 }, executions);
    }

    [Fact]
    public async Task Constructor_DatabaseOwnedByAnotherProcess_ThrowsInUseNamingTheFiles()
    {
        using var owner = StartHost(blockFrom: 0);
        try
        {
            await WaitForStartsAsync(owner, [0]);

            var error = Assert.Throws<EmbeddedDatabaseInUseException>(() => new SqliteOrchestrationService(new SqliteOrchestrationServiceOptions { DatabasePath = Database }));

            Assert.Contains(Database, error.Message, StringComparison.Ordinal);
            Assert.Contains(Database + ".lock", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            owner.Kill(entireProcessTree: true);
            await owner.WaitForExitAsync().WaitAsync(ProcessTimeout);
        }

        // The OS dropped the killed owner's lock: the file can be owned again at once.
        using var next = new SqliteOrchestrationService(new SqliteOrchestrationServiceOptions { DatabasePath = Database });
        Assert.False(next.IsReadOnly);
    }

    private Process StartHost(int blockFrom)
    {
        var hostPath = typeof(CrashRecoveryTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CrashHostPath").Value!;
        Assert.True(File.Exists(hostPath), $"The crash host is not built at {hostPath}.");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { hostPath, Database, _folder.Path, Text(Items), Text(blockFrom) })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("Could not start the crash host.");
    }

    private async Task WaitForStartsAsync(Process host, int[] items)
    {
        var deadline = Stopwatch.StartNew();
        while (!items.All(Executions().ContainsKey))
        {
            Assert.False(host.HasExited, $"The crash host exited early: {(host.HasExited ? await host.StandardError.ReadToEndAsync() : string.Empty)}");
            Assert.True(deadline.Elapsed < ProcessTimeout, $"Items {string.Join(", ", items)} did not all start within {ProcessTimeout}.");
            await Task.Delay(20);
        }
    }

    /// <summary>How many times each item's activity started, from the append-only execution log.</summary>
    private Dictionary<int, int> Executions()
    {
        if (!File.Exists(ExecutionLog))
        {
            return [];
        }

        using var stream = new FileStream(ExecutionLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => int.Parse(line["start ".Length..], CultureInfo.InvariantCulture))
            .GroupBy(item => item)
            .ToDictionary(group => group.Key, group => group.Count());
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
