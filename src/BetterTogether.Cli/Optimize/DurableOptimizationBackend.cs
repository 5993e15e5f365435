using System.Text.Json;
using BetterTogether.Cli.Hosting;
using BetterTogether.Core.FineTuning;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Durable;
using BetterTogether.Hosting;
using BetterTogether.Storage;
using BetterTogether.Tasks.Registry;
using BetterTogether.Workflow.Optimization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace BetterTogether.Cli.Optimize;

/// <summary>
/// Runs a request as the durable BetterTogether orchestration on the real Durable Task engine, over the embedded
/// backend: one SQLite database per run (<see cref="DatabasePath"/>), so starting the worker resumes only this run.
/// The run id is the instance id: an unfinished instance (e.g. after Ctrl+C or a kill) resumes from its history, a
/// completed one is read back without any LM call, and a failed one restarts with every finished activity's artifacts
/// and LM responses reused.
/// </summary>
/// <remarks>
/// The environment comes from the one composition root (<see cref="HostedEnvironment"/>) over the request's shared LM:
/// the in-process fine-tuner trains under the store's <c>adapters/</c> folder (a folder store) or <c>.bt/adapters</c>,
/// and every adapter ends up in the store, named there by program.json.
/// </remarks>
internal sealed class DurableOptimizationBackend(IArtifactStore store) : IOptimizationBackend
{
    /// <summary>The folder (inside a folder store, else under <c>.bt/</c>) that holds one database per <c>bt optimize</c> run.</summary>
    public const string DatabasesFolder = "workflow/optimize";

    /// <summary>The file name extension of a run's database.</summary>
    public const string DatabaseExtension = ".db";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>The folder of the per-run databases for a store: inside a folder store, else under <c>.bt/</c> of the working directory.</summary>
    public static string DatabasesRoot(IArtifactStore store) => LocalFolders.Beside(store, DatabasesFolder);

    /// <summary>The embedded database of one run.</summary>
    public static string DatabasePath(IArtifactStore store, string runId) => Path.Combine(DatabasesRoot(store), runId + DatabaseExtension);

    /// <inheritdoc />
    public async Task<OptimizationOutcome> RunAsync(OptimizationRequest request, IProgress<StageProgress> progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(progress);
        var meter = new UsageMeter();
        // Not disposed: disposing a delegating client disposes the shared engine client under it.
        var metered = new UsageMeteringChatClient(request.Lm.Client, meter);
        var task = request.Task;
        using var environment = HostedEnvironment.Create(store, request.Lm.Hosted, new OptimizationEnvironmentOptions { ResolveTask = (_, _) => TaskCatalog.FromDefinition(task) }, metered);
        var backend = new DurableBackendOptions { Backend = DurableBackendKind.Embedded, EmbeddedDatabasePath = DatabasePath(store, request.RunId) };
        var host = OptimizationHost.Create(environment, backend);
        await using (host.ConfigureAwait(false))
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            var input = ToRunRequest(request);
            await StartOrResumeAsync(host.Client, request.RunId, input, cancellationToken).ConfigureAwait(false);
            var status = await PollAsync(host.Client, request.RunId, progress, cancellationToken).ConfigureAwait(false);
            var report = status.RuntimeStatus == OrchestrationRuntimeStatus.Completed
                ? status.ReadOutputAs<OptimizationReport>()
                : await ReadFailedReportAsync(request.RunId, cancellationToken).ConfigureAwait(false);
            if (report is null)
            {
                throw new InvalidOperationException(
                    $"Run {request.RunId} ended {status.RuntimeStatus}: {status.FailureDetails?.ErrorMessage ?? "no output"}. Rerun with --run-id {request.RunId} to retry; finished work is reused.");
            }

            var outcome = await DurableRunOutcome.ReadAsync(store, request, report, environment, cancellationToken).ConfigureAwait(false);
            return outcome with { LmCallsThisInvocation = meter.Total.Calls };
        }
    }

    /// <summary>The orchestration input for a request.</summary>
    internal static OptimizationRunRequest ToRunRequest(OptimizationRequest request)
    {
        var o = request.Options;
        return new OptimizationRunRequest
        {
            Task = request.Task.Name,
            Strategy = o.Strategy,
            Seed = o.Seed,
            NumCandidates = o.Candidates,
            MaxBootstrappedDemos = o.MaxDemos,
            MaxLabeledDemos = o.MaxDemos,
            TrainSize = o.TrainSize,
            ValSize = o.ValSize,
            TestSize = o.ValSize,

            // A small model's unparseable replies count as wrong answers instead of aborting bootstrapping or evaluation.
            MaxErrors = Math.Max(10, Math.Max(o.TrainSize, o.ValSize)),
            EvaluationShards = 2,
            TraceShards = 2,
            FineTune = new FineTuneHyperparameters { Epochs = o.Epochs },
            TrainingPollInterval = TimeSpan.FromSeconds(1),
            MaxTrainingPollInterval = TimeSpan.FromSeconds(5),
            ActivityRetryInterval = TimeSpan.FromSeconds(1),
        };
    }

    private static async Task StartOrResumeAsync(DurableTaskClient client, string runId, OptimizationRunRequest input, CancellationToken cancellationToken)
    {
        var existing = await client.GetInstanceAsync(runId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (existing is not null && !SameSettings(existing.ReadInputAs<OptimizationRunRequest>(), input))
        {
            throw new OptimizeInputException($"Run id '{runId}' already holds a run with other settings; pass another --run-id (or the same settings to resume it).");
        }

        if (existing is null || existing.RuntimeStatus is OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated)
        {
            // A failed or terminated instance is replaced: its finished activities' artifacts and LM responses are reused.
            await client.ScheduleNewOrchestrationInstanceAsync(OptimizationActivityNames.Orchestration, input, new StartOrchestrationOptions(runId), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A run whose step failed still stored its report (the best program so far); null when it failed before that.</summary>
    private async Task<OptimizationReport?> ReadFailedReportAsync(string runId, CancellationToken cancellationToken)
    {
        var json = await store.TryReadTextAsync(RunArtifacts.Report(runId), cancellationToken).ConfigureAwait(false);
        return json is null ? null : ReportJson.Deserialize(json);
    }

    private static bool SameSettings(OptimizationRunRequest? stored, OptimizationRunRequest input) =>
        stored is not null && JsonSerializer.Serialize(stored) == JsonSerializer.Serialize(input);

    private static async Task<OrchestrationMetadata> PollAsync(DurableTaskClient client, string runId, IProgress<StageProgress> progress, CancellationToken cancellationToken)
    {
        var tracker = new StageTracker(progress);
        while (true)
        {
            var status = await client.GetInstanceAsync(runId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Run {runId} disappeared from the store.");
            if (status.ReadCustomStatusAs<OptimizationProgress>() is { } custom)
            {
                tracker.Update(custom);
            }

            if (status.IsCompleted)
            {
                tracker.Finish(status.RuntimeStatus == OrchestrationRuntimeStatus.Completed);
                return status;
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }
}
