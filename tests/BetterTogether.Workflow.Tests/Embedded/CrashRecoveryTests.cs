using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using BetterTogether.Workflow.Caching;
using BetterTogether.Workflow.Tests.Fakes;
using Microsoft.Extensions.AI;

namespace BetterTogether.Workflow.Tests.Embedded;

/// <summary>
/// Kills the CrashHost process (SIGKILL) in the middle of a 20-activity fan-out over a file store,
/// restarts it, and checks that the run completes with no recorded activity and no cached LM call repeated.
/// </summary>
public sealed partial class CrashRecoveryTests : IDisposable
{
    private const int Items = 20;
    private const int KillAfterCompleted = 4;
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(90);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "bt-crash-" + Guid.NewGuid().ToString("N"));

    public CrashRecoveryTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "store"));
        Directory.CreateDirectory(Path.Combine(_root, "work"));
    }

    private string Store => Path.Combine(_root, "store");

    private string Work => Path.Combine(_root, "work");

    [Fact]
    public async Task CrashHost_KilledMidRunAndRestarted_CompletesWithoutRepeatingRecordedWork()
    {
        using (var first = StartHost())
        {
            await WaitForCompletedActivitiesAsync(first, KillAfterCompleted);
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync().WaitAsync(ProcessTimeout);
        }

        var (completedBefore, itemOfTask) = ReadHistory();
        var cachedBefore = Enumerable.Range(1, Items).Where(IsCached).ToHashSet();
        var startedBefore = Counts("executions.log").Keys.ToHashSet();
        Assert.InRange(completedBefore.Count, KillAfterCompleted, Items - 1);
        Assert.False(File.Exists(Path.Combine(Work, "result.txt")), "The first host finished before it was killed.");

        using (var second = StartHost())
        {
            await second.WaitForExitAsync().WaitAsync(ProcessTimeout);
            Assert.True(second.ExitCode == 0, $"The restarted host exited with {second.ExitCode}: {await second.StandardError.ReadToEndAsync()}");
        }

        Assert.Equal($"Completed {Enumerable.Range(1, Items).Sum(i => i * i)}", await File.ReadAllTextAsync(Path.Combine(Work, "result.txt")));
        var executions = Counts("executions.log");
        var lmCalls = Counts("lm-calls.log");
        foreach (var item in completedBefore.Select(t => itemOfTask[t]))
        {
            Assert.True(executions[item] == 1, $"Item {item} completed before the crash but was executed {executions[item]} times.");
        }

        foreach (var item in cachedBefore)
        {
            Assert.True(lmCalls[item] == 1, $"Item {item}'s LM response was cached before the crash but the LM was called {lmCalls[item]} times.");
        }

        // Only activities that ran before the kill without a recorded result (in flight, or finished but
        // not yet journaled) run again, once.
        for (var item = 1; item <= Items; item++)
        {
            var expected = startedBefore.Contains(item) && !completedBefore.Any(t => itemOfTask[t] == item) ? (1, 2) : (1, 1);
            Assert.InRange(executions.GetValueOrDefault(item), expected.Item1, expected.Item2);
            Assert.InRange(lmCalls.GetValueOrDefault(item), 1, executions[item]);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Process StartHost()
    {
        var hostPath = typeof(CrashRecoveryTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CrashHostPath").Value!;
        Assert.True(File.Exists(hostPath), $"CrashHost is not built at {hostPath}.");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { hostPath, Store, Work, Items.ToString(System.Globalization.CultureInfo.InvariantCulture), "200" })
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("Could not start CrashHost.");
    }

    private async Task WaitForCompletedActivitiesAsync(Process host, int count)
    {
        var deadline = DateTime.UtcNow + ProcessTimeout;
        while (ReadHistory().Completed.Count < count)
        {
            Assert.False(host.HasExited, $"CrashHost exited early with {(host.HasExited ? host.ExitCode : 0)}.");
            Assert.True(DateTime.UtcNow < deadline, $"Fewer than {count} activities completed within {ProcessTimeout}.");
            await Task.Delay(10);
        }
    }

    /// <summary>Task ids with a recorded TaskCompleted, and the item each scheduled task works on.</summary>
    private (HashSet<int> Completed, Dictionary<int, int> ItemOfTask) ReadHistory()
    {
        var completed = new HashSet<int>();
        var items = new Dictionary<int, int>();
        var folder = Path.Combine(Store, "runs", "crash-run", "history");
        if (!Directory.Exists(folder))
        {
            return (completed, items);
        }

        foreach (var file in Directory.GetFiles(folder).Where(f => BatchName().IsMatch(Path.GetFileName(f))))
        {
            foreach (var line in File.ReadAllLines(file).Where(l => l.Length > 0))
            {
                using var json = JsonDocument.Parse(line);
                var e = json.RootElement;
                switch (e.GetProperty("type").GetString())
                {
                    case "TaskCompleted":
                        completed.Add(e.GetProperty("taskId").GetInt32());
                        break;
                    case "TaskScheduled":
                        items[e.GetProperty("taskId").GetInt32()] = int.Parse(e.GetProperty("data").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
                        break;
                }
            }
        }

        return (completed, items);
    }

    private bool IsCached(int item)
    {
        using var cache = new ArtifactCachingChatClient(new CountingChatClient(), new InMemoryArtifactStore());
        var key = cache.ComputeKey([new ChatMessage(ChatRole.User, $"item {item}")], new ChatOptions { ModelId = "crash-model" });
        return File.Exists(Path.Combine(Store, "cache", "lm", key[..2], key + ".json"));
    }

    private Dictionary<int, int> Counts(string log)
        => File.ReadAllLines(Path.Combine(Work, log)).Where(l => l.Length > 0)
            .GroupBy(l => int.Parse(l, System.Globalization.CultureInfo.InvariantCulture)).ToDictionary(g => g.Key, g => g.Count());

    [GeneratedRegex(@"^\d{6}-\d{8}\.jsonl$")]
    private static partial Regex BatchName();
}
