using System.Globalization;
using BetterTogether.Durable;

namespace BetterTogether.Workflow.CrashHost;

/// <summary>The host's command line (<see cref="Usage"/>).</summary>
internal sealed class CrashHostOptions
{
    public const string Usage = """
        usage: CrashHost --mode run|worker|submit --store DIR --work DIR
                         (--db FILE | --azure-storage CONNECTION --task-hub NAME [--worker-id ID])
                         [--max-concurrent-activities N] [--lm-delay-ms N] [--training-polls N]
                         [--freeze-after-candidates N] [--freeze-at-poll N] [--timeout-s N]
          run     run the worker, start run "crash-run" unless it exists, wait for it, write result.json
          worker  run the worker until run "crash-run" has ended (or the process is killed)
          submit  start run "crash-run" unless it exists and wait for it without a worker (Azure Storage only)
        """;

    // Short enough that a killed worker's leased messages come back within seconds (Azure's default is 5 minutes).
    private static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan QueuePollingInterval = TimeSpan.FromMilliseconds(500);

    public required string Mode { get; init; }

    public required string StoreFolder { get; init; }

    public required string WorkFolder { get; init; }

    public required DurableBackendOptions Backend { get; init; }

    public TimeSpan LmDelay { get; init; }

    public int TrainingPolls { get; init; } = 4;

    public int? FreezeAfterCandidates { get; init; }

    public int? FreezeAtPoll { get; init; }

    /// <summary>How long the host may live: a host the test forgot must not outlive it for long.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <exception cref="ArgumentException">An argument is missing, unknown or malformed; the message names it.</exception>
    public static CrashHostOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"Expected '--name value' pairs; got '{args[i]}'.");
            }

            values[args[i][2..]] = args[i + 1];
        }

        string Required(string name) => values.Remove(name, out var value) ? value : throw new ArgumentException($"--{name} is required.");
        string? Optional(string name) => values.Remove(name, out var value) ? value : null;
        int? Number(string name) => Optional(name) is { } text
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"--{name} must be a whole number; got '{text}'.")
            : null;

        var mode = Required("mode");
        if (mode is not ("run" or "worker" or "submit"))
        {
            throw new ArgumentException($"--mode must be run, worker or submit; got '{mode}'.");
        }

        var db = Optional("db");
        var connection = Optional("azure-storage");
        var backend = (db, connection) switch
        {
            ({ } file, null) => new DurableBackendOptions { Backend = DurableBackendKind.Embedded, EmbeddedDatabasePath = file },
            (null, { } account) => new DurableBackendOptions
            {
                Backend = DurableBackendKind.AzureStorage,
                AzureStorageConnectionString = account,
                TaskHubName = Required("task-hub"),
                WorkerId = Optional("worker-id"),
            },
            _ => throw new ArgumentException("Give exactly one of --db and --azure-storage."),
        };
        backend.MaxConcurrentActivities = Number("max-concurrent-activities") ?? 1;
        backend.WorkItemVisibilityTimeout = VisibilityTimeout;
        backend.ControlQueueVisibilityTimeout = VisibilityTimeout;
        backend.MaxQueuePollingInterval = QueuePollingInterval;
        backend.Validate();

        var options = new CrashHostOptions
        {
            Mode = mode,
            StoreFolder = Required("store"),
            WorkFolder = Required("work"),
            Backend = backend,
            LmDelay = TimeSpan.FromMilliseconds(Number("lm-delay-ms") ?? 0),
            TrainingPolls = Number("training-polls") ?? 4,
            FreezeAfterCandidates = Number("freeze-after-candidates"),
            FreezeAtPoll = Number("freeze-at-poll"),
            Timeout = TimeSpan.FromSeconds(Number("timeout-s") ?? 180),
        };
        if (values.Count > 0)
        {
            throw new ArgumentException($"Unknown argument(s): {string.Join(", ", values.Keys.Select(k => "--" + k))}.");
        }

        if (mode == "submit" && backend.Backend == DurableBackendKind.Embedded)
        {
            throw new ArgumentException("--mode submit needs --azure-storage: an embedded database is owned by the one process that runs its worker.");
        }

        return options;
    }
}
