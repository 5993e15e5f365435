using System.Text.Json;
using BetterTogether.Cli.Hosting;
using BetterTogether.Core.FineTuning;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Storage;
using BetterTogether.Tasks.Registry;
using BetterTogether.Workflow.Embedded;
using BetterTogether.Workflow.Optimization;
using BetterTogether.Workflow.Orchestration;

namespace BetterTogether.Cli.Optimize;

/// <summary>
/// Runs a request as the durable BetterTogether orchestration on the embedded runtime over the run's store. The run id is
/// the instance id: an unfinished instance (e.g. after Ctrl+C) resumes from its history, a completed one is read back
/// without any LM call, and a failed one restarts with every finished activity's artifacts and LM responses reused.
/// Instance records live under <c>workflow/optimize/{runId}</c>, so starting the runtime resumes only this run.
/// </summary>
internal sealed class DurableOptimizationBackend(IArtifactStore store, string adapterRoot) : IOptimizationBackend
{
    /// <summary>The folder under which each <c>bt optimize</c> run keeps its instance record, one subfolder per run.</summary>
    public const string InstancesRoot = "workflow/optimize";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>The instances prefix of one run: its own, so starting its runtime resumes only that run.</summary>
    /// <param name="runId">The run id.</param>
    /// <returns>The prefix.</returns>
    public static string InstancesPrefix(string runId) => $"{InstancesRoot}/{runId}";

    /// <inheritdoc />
    public async Task<OptimizationOutcome> RunAsync(OptimizationRequest request, IProgress<StageProgress> progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(progress);
        var meter = new UsageMeter();
        // Not disposed: disposing a delegating client disposes the shared engine client under it.
        var metered = new UsageMeteringChatClient(request.Lm.Client, meter);
        using var fineTuner = request.Lm.CreateFineTuner(adapterRoot);
        var task = request.Task;
        var environment = new OptimizationEnvironment(
            store,
            metered,
            request.Lm.ModelId,
            (IFineTuner?)fineTuner ?? new UnavailableFineTuner(),
            (_, _) => TaskCatalog.FromDefinition(task));
        var registry = new WorkflowRegistry().AddBetterTogether(environment);
        var runtime = new EmbeddedOrchestrationRuntime(store, registry, new EmbeddedRuntimeOptions { InstancesPrefix = InstancesPrefix(request.RunId) });
        await using (runtime.ConfigureAwait(false))
        {
            await runtime.StartAsync(cancellationToken).ConfigureAwait(false);
            var input = ToRunRequest(request);
            await StartOrResumeAsync(runtime, request.RunId, input, cancellationToken).ConfigureAwait(false);
            var status = await PollAsync(runtime, request.RunId, progress, cancellationToken).ConfigureAwait(false);
            var report = status.RuntimeStatus == OrchestrationRuntimeStatus.Completed
                ? status.ReadOutputAs<OptimizationReport>()
                : await ReadFailedReportAsync(request.RunId, cancellationToken).ConfigureAwait(false);
            if (report is null)
            {
                throw new InvalidOperationException(
                    $"Run {request.RunId} ended {status.RuntimeStatus}: {status.FailureDetails?.ErrorMessage ?? "no output"}. Rerun with --run-id {request.RunId} to retry; finished work is reused.");
            }

            var outcome = await DurableRunOutcome.ReadAsync(store, request, report, environment, cancellationToken).ConfigureAwait(false);
            return outcome with { Report = outcome.Report with { LmCallsThisInvocation = meter.Total.Calls } };
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

    private static async Task StartOrResumeAsync(EmbeddedOrchestrationRuntime runtime, string runId, OptimizationRunRequest input, CancellationToken cancellationToken)
    {
        var existing = await runtime.GetInstanceAsync(runId, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (existing is not null && !SameSettings(existing.ReadInputAs<OptimizationRunRequest>(), input))
        {
            throw new OptimizeInputException($"Run id '{runId}' already holds a run with other settings; pass another --run-id (or the same settings to resume it).");
        }

        if (existing is null || existing.RuntimeStatus is OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated)
        {
            await runtime.ScheduleNewOrchestrationInstanceAsync(
                OptimizationActivityNames.Orchestration,
                input,
                new StartOrchestrationOptions(runId, AllowRestartOfCompleted: existing is not null),
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A run whose step failed still stored its report (the best program so far); null when it failed before that.</summary>
    private async Task<OptimizationReport?> ReadFailedReportAsync(string runId, CancellationToken cancellationToken)
    {
        var json = await store.TryReadTextAsync(RunArtifacts.Report(runId), cancellationToken).ConfigureAwait(false);
        return json is null ? null : JsonSerializer.Deserialize<OptimizationReport>(json, ReportJson.Options);
    }

    private static bool SameSettings(OptimizationRunRequest? stored, OptimizationRunRequest input) =>
        stored is not null && JsonSerializer.Serialize(stored) == JsonSerializer.Serialize(input);

    private static async Task<OrchestrationMetadata> PollAsync(EmbeddedOrchestrationRuntime runtime, string runId, IProgress<StageProgress> progress, CancellationToken cancellationToken)
    {
        var tracker = new StageTracker(progress);
        while (true)
        {
            var status = await runtime.GetInstanceAsync(runId, cancellationToken: cancellationToken).ConfigureAwait(false)
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
