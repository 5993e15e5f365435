using System.Text.Json;
using BetterTogether.Core.FineTuning;
using BetterTogether.Engine.Peft;
using BetterTogether.Storage;
using BetterTogether.Trainer.Backends;
using BetterTogether.Trainer.Cli;
using BetterTogether.TrainingJobs.Data;
using BetterTogether.TrainingJobs.Specs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BetterTogether.Trainer.Running;

/// <summary>
/// The trainer entrypoint's work: read the spec, download the base model and data, train through an
/// <see cref="ITrainingBackend"/>, upload the PEFT adapter, then mark the status blob succeeded (upload first, so
/// a succeeded status always points at a complete adapter). Every failure ends in the status blob with its reason.
/// </summary>
public sealed class TrainerRunner
{
    private readonly Func<string, string?, IArtifactStore> _openStore;
    private readonly TrainingBackends _backends;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the runner.</summary>
    /// <param name="backends">The training backends on offer.</param>
    /// <param name="openStore">Opens a store from a spec and container (default: <see cref="ArtifactStores.Open"/>).</param>
    /// <param name="timeProvider">Clock for timestamps and throttling.</param>
    /// <param name="logger">Progress and failure logs.</param>
    public TrainerRunner(TrainingBackends backends, Func<string, string?, IArtifactStore>? openStore = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(backends);
        _backends = backends;
        _openStore = openStore ?? ((spec, container) => ArtifactStores.Open(spec, container ?? ArtifactStores.DefaultContainerName));
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Runs one job.</summary>
    /// <param name="arguments">The parsed command line.</param>
    /// <param name="cancellationToken">Signals (SIGTERM from a stopped container execution).</param>
    /// <returns>A <see cref="TrainerExitCodes"/> value.</returns>
    public async Task<int> RunAsync(TrainerArguments arguments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var location = SpecLocation.Resolve(arguments.Spec, arguments.Store, arguments.Container);
        var specStore = _openStore(location.Store, location.Container);
        TrainingJobSpec spec;
        IArtifactStore store;
        try
        {
            spec = await ReadSpecAsync(specStore, location.Path, cancellationToken).ConfigureAwait(false);
            store = spec.Store.Connection is { } connection ? _openStore(connection, spec.Store.Container) : specStore;
        }
        catch (Exception ex) when (ex is TrainingJobSpecException or ArgumentException or FormatException)
        {
            var reason = Describe(ex);
            Log.Failed(_logger, location.Path, reason);
            await StatusReporter.WriteFailureAsync(specStore, TrainingJobLayout.FallbackStatusPath(location.Path), location.Path, reason, _time, cancellationToken).ConfigureAwait(false);
            return TrainerExitCodes.BadInput;
        }

        var reporter = new StatusReporter(store, spec.StatusPath, spec.JobId, arguments.ProgressInterval, _time);
        await using (reporter.ConfigureAwait(false))
        {
            if (!await reporter.BeginAsync(spec.AdapterName, cancellationToken).ConfigureAwait(false))
            {
                var state = reporter.Previous?.State.ToString() ?? "ended elsewhere";
                Log.AlreadyDone(_logger, spec.JobId, state);
                return reporter.Previous?.State switch
                {
                    FineTuneJobState.Succeeded => TrainerExitCodes.Succeeded,
                    FineTuneJobState.Failed => TrainerExitCodes.Failed,
                    _ => TrainerExitCodes.Cancelled,
                };
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, reporter.EndedElsewhere);
            var work = Directory.CreateTempSubdirectory("bt-trainer-").FullName;
            if (arguments.WorkDirectory is { } root)
            {
                Directory.Delete(work);
                work = Path.Combine(root, spec.JobId);
                Directory.CreateDirectory(work);
            }

            try
            {
                var checkpoints = await TrainAsync(store, spec, reporter, work, linked.Token).ConfigureAwait(false);
                var adapterLocation = store.DescribeLocation(spec.AdapterPath);
                if (!await reporter.CompleteAsync(FineTuneJobState.Succeeded, null, spec.AdapterPath, CancellationToken.None).ConfigureAwait(false))
                {
                    Log.Cancelled(_logger, spec.JobId);
                    return TrainerExitCodes.Cancelled;
                }

                if (checkpoints is not null)
                {
                    // Only after the status says Succeeded: until then a restart must still find them.
                    await checkpoints.DeleteAllAsync(CancellationToken.None).ConfigureAwait(false);
                }

                Log.Succeeded(_logger, spec.JobId, adapterLocation);
                return TrainerExitCodes.Succeeded;
            }
            catch (OperationCanceledException) when (linked.IsCancellationRequested)
            {
                Log.Cancelled(_logger, spec.JobId);
                await reporter.CompleteAsync(FineTuneJobState.Cancelled, null, null, CancellationToken.None).ConfigureAwait(false);
                return TrainerExitCodes.Cancelled;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                var reason = Describe(ex);
                Log.Failed(_logger, spec.JobId, reason);
                await reporter.CompleteAsync(FineTuneJobState.Failed, reason, null, CancellationToken.None).ConfigureAwait(false);
                return TrainerExitCodes.Failed;
            }
            finally
            {
                TryDelete(work);
            }
        }
    }

    private static async Task<TrainingJobSpec> ReadSpecAsync(IArtifactStore store, string path, CancellationToken cancellationToken)
    {
        TrainingJobSpec? spec;
        try
        {
            spec = await store.ReadJsonAsync<TrainingJobSpec>(path, TrainingJobJson.Options, cancellationToken).ConfigureAwait(false);
        }
        catch (ArtifactNotFoundException ex)
        {
            throw new TrainingJobSpecException($"No job spec at '{store.DescribeLocation(path)}'.", ex);
        }
        catch (InvalidDataException ex)
        {
            throw new TrainingJobSpecException($"Job spec '{store.DescribeLocation(path)}' is not a valid spec: {ex.Message}", ex);
        }

        spec.Validate();
        return spec;
    }

    private static string Describe(Exception ex) => ex is TrainingJobSpecException or TrainingDataException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Scratch space; the container or temp cleaner removes leftovers.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }

    private async Task<CheckpointSync?> TrainAsync(IArtifactStore store, TrainingJobSpec spec, StatusReporter reporter, string work, CancellationToken cancellationToken)
    {
        var backend = _backends.Resolve(spec.Backend);
        var modelFolder = Path.Combine(work, "model");
        await DownloadFolderAsync(store, spec.BaseModelPath, modelFolder, cancellationToken).ConfigureAwait(false);
        var records = await ReadDataAsync(store, spec.TrainingDataPath, cancellationToken).ConfigureAwait(false);
        Log.Starting(_logger, spec.JobId, records.Count, backend.Name, spec.BaseModelName);

        var output = Path.Combine(work, "adapter");
        var progress = new SynchronousProgress(p =>
        {
            reporter.Report(p);
            Log.Step(_logger, p.Step, p.TotalSteps, p.Loss, p.TokensPerSecond);
        });
        var request = new TrainingBackendRequest(modelFolder, spec.BaseModelName, records, spec.Hyperparameters, spec.Seed, output);
        var checkpoints = spec.CheckpointEverySteps > 0 ? new CheckpointSync(store, spec.CheckpointPath!, _logger) : null;
        if (checkpoints is not null)
        {
            var resume = await checkpoints.DownloadLatestAsync(Path.Combine(work, "resume"), cancellationToken).ConfigureAwait(false);
            if (resume is { } found)
            {
                Log.Resuming(_logger, spec.JobId, found.Step);
            }

            checkpoints.Start(cancellationToken);
            request = request with { Checkpointing = new TrainingCheckpointing(Path.Combine(work, "checkpoints"), spec.CheckpointEverySteps, resume?.Folder, checkpoints.Enqueue) };
        }

        try
        {
            await backend.TrainAsync(request, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (checkpoints is not null)
            {
                await checkpoints.FlushAsync().ConfigureAwait(false);
            }
        }

        // Weights first, config last: a reader that finds the config finds complete weights. The status flips afterwards.
        foreach (var file in new[] { PeftAdapter.WeightsFileName, PeftAdapter.ConfigFileName })
        {
            var stream = File.OpenRead(Path.Combine(output, file));
            await using (stream.ConfigureAwait(false))
            {
                var contentType = file.EndsWith(".json", StringComparison.Ordinal) ? "application/json" : "application/octet-stream";
                await store.PutAsync($"{spec.AdapterPath.TrimEnd('/')}/{file}", stream, new ArtifactWriteOptions { ContentType = contentType }, cancellationToken).ConfigureAwait(false);
            }
        }

        return checkpoints;
    }

    private async Task DownloadFolderAsync(IArtifactStore store, string prefix, string folder, CancellationToken cancellationToken)
    {
        prefix = prefix.TrimEnd('/') + "/";
        Directory.CreateDirectory(folder);
        var files = 0;
        long bytes = 0;
        await foreach (var item in store.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            var relative = item.Path[prefix.Length..];
            var target = Path.GetFullPath(Path.Combine(folder, relative));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var source = await store.OpenReadAsync(item.Path, cancellationToken).ConfigureAwait(false);
            await using (source.ConfigureAwait(false))
            {
                var file = File.Create(target);
                await using (file.ConfigureAwait(false))
                {
                    await source.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                    bytes += file.Length;
                }
            }

            files++;
        }

        if (!File.Exists(Path.Combine(folder, "config.json")))
        {
            throw new TrainingJobSpecException($"Base model folder '{store.DescribeLocation(prefix.TrimEnd('/'))}' has no config.json ({files} files found): upload the HF model folder there.");
        }

        Log.Downloaded(_logger, files, bytes, store.DescribeLocation(prefix.TrimEnd('/')));
    }

    private static async Task<IReadOnlyList<ChatRecord>> ReadDataAsync(IArtifactStore store, string path, CancellationToken cancellationToken)
    {
        Stream stream;
        try
        {
            stream = await store.OpenReadAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (ArtifactNotFoundException ex)
        {
            throw new TrainingDataException(store.DescribeLocation(path), 0, "does not exist.", ex);
        }

        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return await ChatJsonl.ReadAsync(stream, store.DescribeLocation(path), cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                throw new TrainingDataException(store.DescribeLocation(path), 0, ex.Message, ex);
            }
        }
    }

    /// <summary>An <see cref="IProgress{T}"/> that calls back on the reporting thread (no synchronization context hop).</summary>
    private sealed class SynchronousProgress(Action<FineTuneProgress> report) : IProgress<FineTuneProgress>
    {
        public void Report(FineTuneProgress value) => report(value);
    }
}
