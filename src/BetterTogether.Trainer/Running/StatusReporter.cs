using BetterTogether.Core.FineTuning;
using BetterTogether.Storage;
using BetterTogether.TrainingJobs.Specs;

namespace BetterTogether.Trainer.Running;

/// <summary>
/// Owns a job's status blob while the trainer runs: writes <c>Running</c>, flushes the latest progress at most
/// once per interval, and writes the final state. Every write is an If-Match on the previous one; when another
/// party made the status terminal meanwhile (a cancel from the dispatcher side), the reporter stops writing and
/// trips <see cref="EndedElsewhere"/> so training stops.
/// </summary>
public sealed class StatusReporter : IAsyncDisposable
{
    private readonly IArtifactStore _store;
    private readonly string _path;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _endedElsewhere = new();
    private readonly CancellationTokenSource _stopLoop = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly Lock _gate = new();
    private TrainingJobStatusDocument _document;
    private string? _etag;
    private FineTuneProgress? _latest;
    private bool _dirty;
    private Task _loop = Task.CompletedTask;

    /// <summary>Creates the reporter.</summary>
    /// <param name="store">The store holding the status blob.</param>
    /// <param name="path">The status blob path.</param>
    /// <param name="jobId">The job id.</param>
    /// <param name="interval">Minimum time between progress writes.</param>
    /// <param name="timeProvider">Clock for timestamps and the flush timer.</param>
    public StatusReporter(IArtifactStore store, string path, string jobId, TimeSpan interval, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _store = store;
        _path = path;
        _interval = interval;
        _time = timeProvider ?? TimeProvider.System;
        _document = new TrainingJobStatusDocument { JobId = jobId };
    }

    /// <summary>Canceled when the status became terminal by someone else's write (e.g. a cancel).</summary>
    public CancellationToken EndedElsewhere => _endedElsewhere.Token;

    /// <summary>The status as stored before this run began (null when there was none).</summary>
    public TrainingJobStatusDocument? Previous { get; private set; }

    /// <summary>Reads the current status; when it is not terminal, writes <c>Running</c> and starts the flush loop.</summary>
    /// <param name="adapterName">The adapter name to record.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>False when the job is already terminal (Succeeded, Failed or Cancelled; nothing was written).</returns>
    public async Task<bool> BeginAsync(string? adapterName, CancellationToken cancellationToken = default)
    {
        var info = await _store.GetInfoAsync(_path, cancellationToken).ConfigureAwait(false);
        Previous = info is null ? null : await _store.TryReadJsonAsync<TrainingJobStatusDocument>(_path, TrainingJobJson.Options, cancellationToken).ConfigureAwait(false);
        _etag = info?.ETag;
        // Terminal is final: a job that failed (e.g. bad data) is not retried by a restarted replica; one that was
        // killed mid-run (preemption, OOM) left Running behind and is resumed.
        if (Previous is { IsTerminal: true })
        {
            return false;
        }

        var now = _time.GetUtcNow();
        _document = _document with
        {
            State = FineTuneJobState.Running,
            AdapterName = adapterName ?? Previous?.AdapterName,
            ExecutionName = Previous?.ExecutionName,
            CreatedAt = Previous?.CreatedAt ?? now,
            StartedAt = now,
            UpdatedAt = now,
            Error = null,
        };
        if (!await WriteAsync(_document, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        _loop = FlushLoopAsync(_stopLoop.Token);
        return true;
    }

    /// <summary>Records the latest progress; written by the flush loop.</summary>
    /// <param name="progress">The progress.</param>
    public void Report(FineTuneProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        lock (_gate)
        {
            _latest = progress;
            _dirty = true;
        }
    }

    /// <summary>Writes the final state (progress included); false when someone else ended the job first.</summary>
    /// <param name="state">Succeeded, Failed or Cancelled.</param>
    /// <param name="error">Why it failed.</param>
    /// <param name="adapterPath">The uploaded adapter folder (Succeeded).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>True when the final state was written.</returns>
    public async Task<bool> CompleteAsync(FineTuneJobState state, string? error, string? adapterPath, CancellationToken cancellationToken = default)
    {
        await StopLoopAsync().ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var final = Apply(TakeLatest(onlyIfDirty: false)) with { State = state, Error = error, AdapterPath = adapterPath, UpdatedAt = now, CompletedAt = now };
        return await WriteAsync(final, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes a <c>Failed</c> status for a job whose spec could not be read (no prior state is known).</summary>
    /// <param name="store">The store.</param>
    /// <param name="path">The status path.</param>
    /// <param name="jobId">The job id (or the spec path when unknown).</param>
    /// <param name="error">The reason.</param>
    /// <param name="timeProvider">Clock.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    public static async Task WriteFailureAsync(IArtifactStore store, string path, string jobId, string error, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var previous = await store.TryReadJsonAsync<TrainingJobStatusDocument>(path, TrainingJobJson.Options, cancellationToken).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow();
        var document = (previous ?? new TrainingJobStatusDocument { JobId = jobId, CreatedAt = now }) with
        {
            State = FineTuneJobState.Failed,
            Error = error,
            UpdatedAt = now,
            CompletedAt = now,
        };
        await store.PutJsonAsync(path, document, TrainingJobJson.Options, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopLoopAsync().ConfigureAwait(false);
        _stopLoop.Dispose();
        _endedElsewhere.Dispose();
        _writeGate.Dispose();
    }

    private async Task FlushLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (TakeLatest(onlyIfDirty: true) is { } progress)
                {
                    // Not cancelled by the loop's token: a stop must not abandon a write half way.
                    await WriteAsync(Apply(progress) with { UpdatedAt = _time.GetUtcNow() }, CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped by CompleteAsync or DisposeAsync.
        }
    }

    private async Task StopLoopAsync()
    {
        if (!_stopLoop.IsCancellationRequested)
        {
            await _stopLoop.CancelAsync().ConfigureAwait(false);
        }

        await _loop.ConfigureAwait(false);
    }

    private FineTuneProgress? TakeLatest(bool onlyIfDirty)
    {
        lock (_gate)
        {
            if (onlyIfDirty && !_dirty)
            {
                return null;
            }

            _dirty = false;
            return _latest;
        }
    }

    private TrainingJobStatusDocument Apply(FineTuneProgress? progress) =>
        progress is null ? _document : _document with { Step = progress.Step, TotalSteps = progress.TotalSteps, Loss = progress.Loss, TokensPerSecond = progress.TokensPerSecond };

    private async Task<bool> WriteAsync(TrainingJobStatusDocument document, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_endedElsewhere.IsCancellationRequested)
            {
                return false;
            }

            for (var attempt = 0; attempt < 3; attempt++)
            {
                try
                {
                    var condition = _etag is null ? WriteCondition.IfNotExists : WriteCondition.IfMatch(_etag);
                    var info = await _store.PutJsonAsync(_path, document, TrainingJobJson.Options, new ArtifactWriteOptions { Condition = condition }, cancellationToken).ConfigureAwait(false);
                    _etag = info.ETag;
                    _document = document;
                    return true;
                }
                catch (ArtifactConflictException)
                {
                    var info = await _store.GetInfoAsync(_path, cancellationToken).ConfigureAwait(false);
                    var current = info is null ? null : await _store.TryReadJsonAsync<TrainingJobStatusDocument>(_path, TrainingJobJson.Options, cancellationToken).ConfigureAwait(false);
                    if (current is { IsTerminal: true })
                    {
                        await _endedElsewhere.CancelAsync().ConfigureAwait(false);
                        return false;
                    }

                    _etag = info?.ETag;
                }
            }

            return false;
        }
        finally
        {
            _writeGate.Release();
        }
    }
}
