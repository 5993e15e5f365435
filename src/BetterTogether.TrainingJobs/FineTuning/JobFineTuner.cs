using BetterTogether.Core.FineTuning;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Storage;
using BetterTogether.TrainingJobs.Data;
using BetterTogether.TrainingJobs.Dispatch;
using BetterTogether.TrainingJobs.Specs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BetterTogether.TrainingJobs.FineTuning;

/// <summary>
/// Core's fine-tuner port over container-style jobs: <see cref="StartAsync"/> writes the chat JSONL data and a
/// <see cref="TrainingJobSpec"/> to the store, marks the job <c>Queued</c> and dispatches the trainer through an
/// <see cref="IJobDispatcher"/>; status comes from the status blob the trainer writes, cross-checked with the
/// execution so a container that dies silently reads as failed. Nothing is kept in memory: any process with the
/// same store and dispatcher can poll or cancel a job (e.g. a durable activity after a restart). A finished job's
/// adapter is named by its store path (<see cref="TrainingJobLayout.AdapterPath"/>), which any host of the store can fetch.
/// </summary>
public sealed class JobFineTuner : IFineTuner
{
    private const int CasAttempts = 5;
    private readonly IArtifactStore _store;
    private readonly IJobDispatcher _dispatcher;
    private readonly JobFineTunerOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the fine-tuner.</summary>
    /// <param name="store">The artifact store the trainer also reads and writes.</param>
    /// <param name="dispatcher">Runs the trainer.</param>
    /// <param name="options">Layout, trainer environment and base model mapping.</param>
    /// <param name="logger">Logs dispatches and silent execution failures.</param>
    public JobFineTuner(IArtifactStore store, IJobDispatcher dispatcher, JobFineTunerOptions options, ILogger<JobFineTuner>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(dispatcher);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _store = store;
        _dispatcher = dispatcher;
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The store layout of a job.</summary>
    /// <param name="jobId">The job id.</param>
    /// <returns>Its paths.</returns>
    public TrainingJobLayout Layout(string jobId) => new(_options.Root, jobId);

    /// <inheritdoc/>
    /// <remarks>Idempotent: a job that was already dispatched is not dispatched again; its status is returned.</remarks>
    public async Task<FineTuneJobStatus> StartAsync(string jobId, FineTuneRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var layout = Layout(jobId);
        if (await _store.ExistsAsync(layout.DispatchPath, cancellationToken).ConfigureAwait(false))
        {
            return await GetStatusAsync(jobId, cancellationToken).ConfigureAwait(false);
        }

        var spec = CreateSpec(jobId, request, layout);
        await _store.PutBytesAsync(layout.DataPath, ChatJsonl.Write(request.Records), new ArtifactWriteOptions { ContentType = "application/jsonl" }, cancellationToken).ConfigureAwait(false);
        await _store.PutJsonAsync(layout.SpecPath, spec, TrainingJobJson.Options, cancellationToken: cancellationToken).ConfigureAwait(false);
        var now = _options.TimeProvider.GetUtcNow();
        await PutStatusAsync(layout.StatusPath, new TrainingJobStatusDocument { JobId = jobId, AdapterName = request.AdapterName, CreatedAt = now, UpdatedAt = now }, WriteCondition.None, cancellationToken).ConfigureAwait(false);

        var execution = await _dispatcher.StartAsync(new JobDispatchRequest(jobId, layout.SpecPath, TrainerEnvironment()), cancellationToken).ConfigureAwait(false);
        var record = new TrainingJobDispatchRecord(jobId, execution.Name, execution.Dispatcher, _options.TimeProvider.GetUtcNow());
        try
        {
            await _store.PutJsonAsync(layout.DispatchPath, record, TrainingJobJson.Options, new ArtifactWriteOptions { Condition = WriteCondition.IfNotExists }, cancellationToken).ConfigureAwait(false);
            Log.Dispatched(_logger, jobId, execution.Name, execution.Dispatcher);
        }
        catch (ArtifactConflictException)
        {
            // A concurrent start of the same job won the create-only record: its execution owns the job.
            Log.DuplicateDispatch(_logger, jobId, execution.Name);
            await _dispatcher.StopAsync(execution.Name, cancellationToken).ConfigureAwait(false);
        }

        return await GetStatusAsync(jobId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<FineTuneJobStatus> GetStatusAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        var layout = Layout(jobId);
        for (var attempt = 0; ; attempt++)
        {
            var (etag, document) = await ReadStatusAsync(layout.StatusPath, cancellationToken).ConfigureAwait(false);
            if (document is null)
            {
                return await _store.ExistsAsync(layout.SpecPath, cancellationToken).ConfigureAwait(false)
                    ? new FineTuneJobStatus(jobId, FineTuneJobState.Queued)
                    : throw new KeyNotFoundException($"No training job '{jobId}' at '{_store.DescribeLocation(layout.Folder)}'.");
            }

            if (document.IsTerminal || attempt >= CasAttempts)
            {
                return ToStatus(document);
            }

            var dispatch = await _store.TryReadJsonAsync<TrainingJobDispatchRecord>(layout.DispatchPath, TrainingJobJson.Options, cancellationToken).ConfigureAwait(false);
            if (dispatch is null)
            {
                return ToStatus(document);
            }

            var execution = await _dispatcher.GetStatusAsync(dispatch.ExecutionName, cancellationToken).ConfigureAwait(false);
            if (!execution.IsTerminal)
            {
                return ToStatus(document);
            }

            // The execution ended but the blob (read before asking) is not final: re-read, then settle it ourselves.
            Log.ExecutionEndedSilently(_logger, jobId, execution.Name, execution.State.ToString());
            var ended = document with
            {
                State = execution.State == JobExecutionState.Stopped ? FineTuneJobState.Cancelled : FineTuneJobState.Failed,
                Error = execution.State == JobExecutionState.Stopped ? null
                    : $"Execution '{execution.Name}' ended {execution.State} before the trainer reported a final status ({execution.Detail}).",
                ExecutionName = execution.Name,
                UpdatedAt = _options.TimeProvider.GetUtcNow(),
                CompletedAt = _options.TimeProvider.GetUtcNow(),
            };
            if (await TryReplaceStatusAsync(layout.StatusPath, etag!, ended, cancellationToken).ConfigureAwait(false))
            {
                return ToStatus(ended);
            }
        }
    }

    /// <inheritdoc/>
    public async Task CancelAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        var layout = Layout(jobId);
        var dispatch = await _store.TryReadJsonAsync<TrainingJobDispatchRecord>(layout.DispatchPath, TrainingJobJson.Options, cancellationToken).ConfigureAwait(false);
        var (_, before) = await ReadStatusAsync(layout.StatusPath, cancellationToken).ConfigureAwait(false);
        if (before is null || before.IsTerminal)
        {
            return;
        }

        if (dispatch is not null)
        {
            await _dispatcher.StopAsync(dispatch.ExecutionName, cancellationToken).ConfigureAwait(false);
        }

        for (var attempt = 0; attempt < CasAttempts; attempt++)
        {
            var (etag, document) = await ReadStatusAsync(layout.StatusPath, cancellationToken).ConfigureAwait(false);
            if (document is null || document.IsTerminal)
            {
                return;
            }

            var now = _options.TimeProvider.GetUtcNow();
            if (await TryReplaceStatusAsync(layout.StatusPath, etag!, document with { State = FineTuneJobState.Cancelled, UpdatedAt = now, CompletedAt = now }, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private TrainingJobSpec CreateSpec(string jobId, FineTuneRequest request, TrainingJobLayout layout) => new()
    {
        JobId = jobId,
        BaseModelName = request.BaseModel,
        BaseModelPath = _options.ResolveBaseModelPath(request.BaseModel),
        TrainingDataPath = layout.DataPath,
        Hyperparameters = request.Hyperparameters,
        Seed = request.Seed,
        AdapterName = request.AdapterName,
        AdapterPath = layout.AdapterPath,
        StatusPath = layout.StatusPath,
        Store = new TrainingStoreSpec { Container = _options.Container },
        Backend = _options.Backend,
        CheckpointPath = _options.CheckpointEverySteps > 0 ? layout.CheckpointPath : null,
        CheckpointEverySteps = _options.CheckpointEverySteps,
    };

    private Dictionary<string, string> TrainerEnvironment()
    {
        var environment = new Dictionary<string, string>(_options.Environment, StringComparer.Ordinal)
        {
            [TrainingEnvironment.StoreVariable] = _options.TrainerStoreConnection,
            [TrainingEnvironment.ContainerVariable] = _options.Container,
        };
        return environment;
    }

    private FineTuneJobStatus ToStatus(TrainingJobStatusDocument document) => new(
        document.JobId,
        document.State,
        document.ToProgress(),
        document.State == FineTuneJobState.Succeeded && document.AdapterPath is { } adapterPath
            ? new AdapterReference(document.AdapterName ?? document.JobId, adapterPath)
            : null,
        document.Error);

    private async Task<(string? ETag, TrainingJobStatusDocument? Document)> ReadStatusAsync(string path, CancellationToken cancellationToken)
    {
        // ETag first, content second: a write in between makes the later If-Match fail instead of overwriting news.
        var info = await _store.GetInfoAsync(path, cancellationToken).ConfigureAwait(false);
        if (info is null)
        {
            return (null, null);
        }

        var document = await _store.TryReadJsonAsync<TrainingJobStatusDocument>(path, TrainingJobJson.Options, cancellationToken).ConfigureAwait(false);
        return (info.ETag, document);
    }

    private async Task<bool> TryReplaceStatusAsync(string path, string etag, TrainingJobStatusDocument document, CancellationToken cancellationToken)
    {
        try
        {
            await PutStatusAsync(path, document, WriteCondition.IfMatch(etag), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ArtifactConflictException)
        {
            return false;
        }
    }

    private Task<ArtifactInfo> PutStatusAsync(string path, TrainingJobStatusDocument document, WriteCondition condition, CancellationToken cancellationToken) =>
        _store.PutJsonAsync(path, document, TrainingJobJson.Options, new ArtifactWriteOptions { Condition = condition }, cancellationToken);
}
