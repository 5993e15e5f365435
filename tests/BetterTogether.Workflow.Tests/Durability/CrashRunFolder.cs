using System.Globalization;
using System.Text.Json;
using BetterTogether.Workflow.Optimization;

namespace BetterTogether.Workflow.Tests.Durability;

/// <summary>
/// The folders of one CrashHost run (artifact store, work folder with the host's logs, embedded database) in a temp
/// folder, the host's command line over them, and readers for what the hosts logged.
/// </summary>
internal sealed class CrashRunFolder : IDisposable
{
    /// <summary>The run every host starts or works on.</summary>
    public const string RunId = "crash-run";

    /// <summary>The bound of every wait on a host; a run takes seconds, so reaching it means the host is stuck.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    // Each LM call takes this long, so that activities last long enough for a second worker to take some.
    private const string LmDelayMs = "10";

    // Hosts end themselves a while after the tests gave up on them, in case the test process died without killing them.
    private const string HostTimeoutSeconds = "150";

    public CrashRunFolder() => Root = Directory.CreateTempSubdirectory("bt-crash-").FullName;

    public string Root { get; }

    public string Store => Path.Combine(Root, "store");

    public string Work => Path.Combine(Root, "work");

    public string Database => Path.Combine(Root, "durable.db");

    /// <summary>The host's command line: mode, these folders, the backend's arguments, the LM delay and extra switches.</summary>
    public IEnumerable<string> Arguments(string mode, IEnumerable<string> backend, params string[] extra)
        => ["--mode", mode, "--store", Store, "--work", Work, .. backend, "--lm-delay-ms", LmDelayMs, "--timeout-s", HostTimeoutSeconds, .. extra];

    /// <summary>Artifact writes, in all processes: the entry is the artifact path.</summary>
    public IReadOnlyList<LogEntry> Writes() => Read("writes");

    /// <summary>Existence checks, in all processes: an activity looking for its own output, i.e. an activity execution.</summary>
    public IReadOnlyList<LogEntry> Checks() => Read("checks");

    /// <summary>LM calls that reached the LM, in all processes: the entry is the request's cache key.</summary>
    public IReadOnlyList<LogEntry> LmCalls() => Read("lm-calls");

    /// <summary>Fine-tuning starts ("start {job}") and polls ("poll {job} {n} {state}"), in all processes.</summary>
    public IReadOnlyList<LogEntry> FineTuning() => Read("finetune");

    /// <summary>Writes by the run's activities, without the LM cache's entries.</summary>
    public IReadOnlyList<LogEntry> ArtifactWrites() => [.. Writes().Where(w => !w.Text.StartsWith(RunArtifacts.LmCachePrefix + "/", StringComparison.Ordinal))];

    public bool HasResult => File.Exists(Path.Combine(Work, "result.json"));

    public HostResult ReadResult()
        => JsonSerializer.Deserialize<HostResult>(File.ReadAllText(Path.Combine(Work, "result.json")), ReportJson.Options)
            ?? throw new InvalidDataException("result.json is null.");

    public string ReadProgram() => File.ReadAllText(Path.Combine(Store, RunArtifacts.Program(RunId)));

    /// <summary>Waits until the host froze where its freeze plan says, and returns where.</summary>
    public async Task<string> WaitForFreezeAsync(CrashHostProcess host)
    {
        var marker = Path.Combine(Work, "frozen");
        await WaitUntilAsync(() => File.Exists(marker), [host], "freeze at the planned point");
        return await File.ReadAllTextAsync(marker);
    }

    /// <summary>Waits until every host's worker is running.</summary>
    public Task WaitForReadyAsync(params CrashHostProcess[] hosts)
        => WaitUntilAsync(() => hosts.All(h => File.Exists(Path.Combine(Work, $"ready-{h.Id.ToString(CultureInfo.InvariantCulture)}"))), hosts, "start its worker");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, IReadOnlyList<CrashHostProcess> hosts, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            foreach (var host in hosts.Where(h => h.HasExited))
            {
                throw new InvalidOperationException($"{host.Name} (pid {host.Id}) exited before it could {what}. Its output:\n{host.Output}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The host(s) did not {what} within {Timeout.TotalSeconds:F0} s. Output:\n{string.Join("\n", hosts.Select(h => $"{h.Name}: {h.Output}"))}");
            }

            await Task.Delay(20);
        }
    }

    private List<LogEntry> Read(string log)
    {
        var entries = new List<LogEntry>();
        if (!Directory.Exists(Work))
        {
            return entries;
        }

        foreach (var file in Directory.GetFiles(Work, $"{log}-*.log"))
        {
            var pid = int.Parse(Path.GetFileNameWithoutExtension(file)[(log.Length + 1)..], CultureInfo.InvariantCulture);
            using var reader = new StreamReader(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            while (reader.ReadLine() is { } line)
            {
                var space = line.IndexOf(' ', StringComparison.Ordinal);
                entries.Add(new LogEntry(pid, DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(line[..space], CultureInfo.InvariantCulture)), line[(space + 1)..]));
            }
        }

        return [.. entries.OrderBy(e => e.Time)];
    }
}

/// <summary>One line of a host's log: the process, when, and what.</summary>
internal sealed record LogEntry(int Pid, DateTimeOffset Time, string Text);

/// <summary>The host's <c>result.json</c>.</summary>
internal sealed record HostResult(string RuntimeStatus, string? Failure, OptimizationReport? Report);
