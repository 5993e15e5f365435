using System.Globalization;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using BetterTogether.Storage;
using Microsoft.Extensions.Logging;

namespace BetterTogether.Trainer.Running;

/// <summary>
/// Mirrors training checkpoints to the store so a restarted execution (preempted, timed out, crashed) resumes:
/// each checkpoint uploads to <c>{root}/step-{n}/</c>, then <c>{root}/latest.json</c> names it, then the previous one
/// is deleted, so <c>latest.json</c> always points at a complete checkpoint. Uploads run in the background, in order;
/// a failed upload is logged and skipped (a checkpoint is an optimisation, never a reason to fail training).
/// </summary>
public sealed class CheckpointSync
{
    private const string LatestFile = "latest.json";
    private readonly IArtifactStore _store;
    private readonly string _root;
    private readonly ILogger _logger;
    private readonly Channel<(string Folder, int Step)> _queue = Channel.CreateUnbounded<(string, int)>(new UnboundedChannelOptions { SingleReader = true });
    private Task _uploader = Task.CompletedTask;

    /// <summary>Creates the sync for one job.</summary>
    /// <param name="store">The store.</param>
    /// <param name="root">The job's checkpoint folder in the store.</param>
    /// <param name="logger">Logs uploads and failures.</param>
    public CheckpointSync(IArtifactStore store, string root, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentNullException.ThrowIfNull(logger);
        _store = store;
        _root = root.TrimEnd('/');
        _logger = logger;
    }

    /// <summary>Downloads the latest complete checkpoint into <paramref name="localFolder"/>.</summary>
    /// <param name="localFolder">Where to put it.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The local checkpoint folder and its step, or null when there is none.</returns>
    public async Task<(string Folder, int Step)?> DownloadLatestAsync(string localFolder, CancellationToken cancellationToken = default)
    {
        var latest = await _store.TryReadJsonAsync<LatestCheckpoint>($"{_root}/{LatestFile}", cancellationToken: cancellationToken).ConfigureAwait(false);
        if (latest is null)
        {
            return null;
        }

        var prefix = $"{_root}/{latest.Folder}/";
        await foreach (var item in _store.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            var target = Path.GetFullPath(Path.Combine(localFolder, item.Path[prefix.Length..]));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var source = await _store.OpenReadAsync(item.Path, cancellationToken).ConfigureAwait(false);
            await using (source.ConfigureAwait(false))
            {
                var file = File.Create(target);
                await using (file.ConfigureAwait(false))
                {
                    await source.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return (localFolder, latest.Step);
    }

    /// <summary>Starts the background uploader.</summary>
    /// <param name="cancellationToken">Stops uploading.</param>
    public void Start(CancellationToken cancellationToken) => _uploader = UploadLoopAsync(cancellationToken);

    /// <summary>Queues a complete local checkpoint for upload (called from the training thread).</summary>
    /// <param name="folder">The local checkpoint folder.</param>
    /// <param name="step">Its step.</param>
    public void Enqueue(string folder, int step) => _queue.Writer.TryWrite((folder, step));

    /// <summary>Uploads what is queued and stops.</summary>
    /// <returns>A task.</returns>
    public async Task FlushAsync()
    {
        _queue.Writer.TryComplete();
        await _uploader.ConfigureAwait(false);
    }

    /// <summary>Deletes the job's checkpoints (after success).</summary>
    /// <param name="cancellationToken">Cancels the deletes.</param>
    /// <returns>A task.</returns>
    public async Task DeleteAllAsync(CancellationToken cancellationToken = default)
    {
        await _store.DeleteAsync($"{_root}/{LatestFile}", cancellationToken).ConfigureAwait(false);
        await DeletePrefixAsync($"{_root}/", cancellationToken).ConfigureAwait(false);
    }

    private async Task UploadLoopAsync(CancellationToken cancellationToken)
    {
        string? previous = null;
        try
        {
            await foreach (var (folder, step) in _queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"step-{step}");
                try
                {
                    foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
                    {
                        var relative = Path.GetRelativePath(folder, file).Replace('\\', '/');
                        var stream = File.OpenRead(file);
                        await using (stream.ConfigureAwait(false))
                        {
                            await _store.PutAsync($"{_root}/{name}/{relative}", stream, cancellationToken: cancellationToken).ConfigureAwait(false);
                        }
                    }

                    await _store.PutJsonAsync($"{_root}/{LatestFile}", new LatestCheckpoint(name, step), cancellationToken: cancellationToken).ConfigureAwait(false);
                    if (previous is not null)
                    {
                        await DeletePrefixAsync($"{_root}/{previous}/", cancellationToken).ConfigureAwait(false);
                    }

                    previous = name;
                    Log.CheckpointUploaded(_logger, step, _store.DescribeLocation($"{_root}/{name}"));
                    Directory.Delete(folder, recursive: true);
                }
                catch (Exception ex) when (ex is IOException or ArtifactStoreException or UnauthorizedAccessException)
                {
                    Log.CheckpointUploadFailed(_logger, step, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Training was cancelled; the last uploaded checkpoint stays valid.
        }
    }

    private async Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        var paths = new List<string>();
        await foreach (var item in _store.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            paths.Add(item.Path);
        }

        foreach (var path in paths)
        {
            await _store.DeleteAsync(path, cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed record LatestCheckpoint([property: JsonPropertyName("folder")] string Folder, [property: JsonPropertyName("step")] int Step);
}
