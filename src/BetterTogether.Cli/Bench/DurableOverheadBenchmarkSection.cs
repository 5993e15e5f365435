using System.Globalization;
using BetterTogether.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace BetterTogether.Cli.Bench;

/// <summary>
/// What the Durable engine costs per activity on each backend: an orchestration calls a no-op activity N times in a row
/// (each call is a history round trip: schedule, run, complete, replay) and N times at once (fan-out), side by side with
/// the same N calls made directly in the process. Embedded always; Azure Storage when <c>BT_DURABLE_CONNECTION</c> names
/// an account (e.g. Azurite's connection string).
/// </summary>
internal sealed class DurableOverheadBenchmarkSection : IBenchmarkSection
{
    private const string Sequence = "bench-sequence";
    private const string FanOut = "bench-fan-out";
    private const string Noop = "bench-noop";

    /// <inheritdoc/>
    public string Title => "Durable engine: overhead per activity (embedded SQLite, Azure Storage) vs a direct call";

    /// <inheritdoc/>
    public void Run(BenchOptions options, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var activities = options.Quick ? 20 : 100;
        var connection = Environment.GetEnvironmentVariable("BT_DURABLE_CONNECTION");
        console.MarkupLine(Markup.Escape(string.Create(
            CultureInfo.InvariantCulture,
            $"{activities} no-op activities per orchestration, in sequence and as one fan-out; 1 warm-up run, then the median of 3; 2 concurrent activities; load average {BenchClock.LoadAverage() ?? "?"}. Azure Storage: {(string.IsNullOrEmpty(connection) ? "skipped (set BT_DURABLE_CONNECTION)" : "on")}.")));
        var table = new Table().AddColumns("Backend", "Shape", "Activities", "Seconds (median)", "ms per activity", "Direct call, ms per call");
        for (var i = 2; i < 6; i++)
        {
            table.Columns[i].RightAligned();
        }

        var direct = BenchClock.Median([.. Enumerable.Range(0, 3).Select(_ => BenchClock.Measure(() =>
        {
            var sum = 0;
            for (var i = 0; i < activities; i++)
            {
                sum += NoopActivity(i);
            }

            GC.KeepAlive(sum);
        }))]).WallSeconds * 1000 / activities;

        var folder = Directory.CreateTempSubdirectory("bt-bench-durable-").FullName;
        try
        {
            var backends = new List<(string Name, DurableBackendOptions Options)>
            {
                ("Embedded (SQLite)", new DurableBackendOptions { Backend = DurableBackendKind.Embedded, EmbeddedDatabasePath = Path.Combine(folder, "bench.db"), MaxConcurrentActivities = 2 }),
            };
            if (!string.IsNullOrEmpty(connection))
            {
                backends.Add(("Azure Storage", new DurableBackendOptions
                {
                    Backend = DurableBackendKind.AzureStorage,
                    AzureStorageConnectionString = connection,
                    TaskHubName = $"bench{Guid.NewGuid():N}"[..16],
                    MaxConcurrentActivities = 2,
                    MaxQueuePollingInterval = TimeSpan.FromMilliseconds(100),
                }));
            }

            foreach (var (name, backend) in backends)
            {
                foreach (var shape in new[] { Sequence, FanOut })
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var seconds = MeasureAsync(backend, shape, activities, cancellationToken).GetAwaiter().GetResult();
                    table.AddRow(
                        Markup.Escape(name), shape == Sequence ? "sequence" : "fan-out", F(activities, "0"), F(seconds, "0.000"),
                        F(seconds * 1000 / activities, "0.00"), F(direct, "0.0000"));
                }
            }
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }

        console.Write(table);
    }

    private static int NoopActivity(int input) => input;

    /// <summary>Median wall seconds of 3 runs (after 1 warm-up) of one orchestration shape on a fresh worker.</summary>
    private static async Task<double> MeasureAsync(DurableBackendOptions backend, string shape, int activities, CancellationToken cancellationToken)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddDurableBackend(backend);
        builder.Services.AddDurableTaskWorker(worker =>
        {
            worker.AddTasks(tasks =>
            {
#pragma warning disable CA2007 // Orchestrator code resumes on the replay context: no ConfigureAwait(false).
                tasks.AddActivityFunc<int, int>(Noop, (_, input) => NoopActivity(input));
                tasks.AddOrchestratorFunc<int, int>(Sequence, async (context, n) =>
                {
                    var sum = 0;
                    for (var i = 0; i < n; i++)
                    {
                        sum += await context.CallActivityAsync<int>(Noop, i);
                    }

                    return sum;
                });
                tasks.AddOrchestratorFunc<int, int>(FanOut, async (context, n) =>
                    (await Task.WhenAll(Enumerable.Range(0, n).Select(i => context.CallActivityAsync<int>(Noop, i)))).Sum());
#pragma warning restore CA2007
            });
            worker.Configure(o => o.Concurrency.MaximumConcurrentActivityWorkItems = backend.MaxConcurrentActivities);
            worker.UseOrchestrationService();
        });
        builder.Services.AddDurableTaskClient(client => client.UseOrchestrationService());
        using var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var client = host.Services.GetRequiredService<DurableTaskClient>();
            var samples = new List<double>();
            for (var run = 0; run < 4; run++)
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var id = await client.ScheduleNewOrchestrationInstanceAsync(shape, activities, cancellationToken).ConfigureAwait(false);
                var done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
                var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
                if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed || done.ReadOutputAs<int>() != activities * (activities - 1) / 2)
                {
                    throw new InvalidOperationException($"The {shape} benchmark orchestration ended {done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
                }

                if (run > 0)
                {
                    samples.Add(seconds);
                }
            }

            samples.Sort();
            return samples[samples.Count / 2];
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
