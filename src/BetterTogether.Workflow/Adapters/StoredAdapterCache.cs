using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Storage;
using BetterTogether.Storage.FileSystem;
using BetterTogether.Workflow.Optimization;

namespace BetterTogether.Workflow.Adapters;

/// <summary>
/// Gives the local folder of an adapter named by store path, for engines that load PEFT folders from disk. A folder
/// store already holds it on disk and is read in place; from any other store (Azure Blob) the adapter's files are
/// fetched once per process into <c>{cacheFolder}/{content hash}/</c>, so two paths with the same bytes share a folder
/// and a cached folder is never stale. Program states written before adapters were named by store path still load
/// when their local folder exists here; otherwise <see cref="StoredAdapterNotFoundException"/> says what to do.
/// </summary>
public sealed class StoredAdapterCache
{
    private readonly IArtifactStore _store;
    private readonly string _cacheFolder;
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _fetched = new(StringComparer.Ordinal);

    /// <summary>Creates the cache.</summary>
    /// <param name="store">The store adapters are named in.</param>
    /// <param name="cacheFolder">The local folder fetched adapters go to (created on first fetch).</param>
    public StoredAdapterCache(IArtifactStore store, string cacheFolder)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(cacheFolder);
        _store = store;
        _cacheFolder = Path.GetFullPath(cacheFolder);
    }

    /// <summary>The store adapters are fetched from.</summary>
    public IArtifactStore Store => _store;

    /// <summary>The local folder holding <paramref name="adapter"/>'s PEFT files, fetching them from the store if needed.</summary>
    /// <param name="adapter">The adapter.</param>
    /// <param name="cancellationToken">Cancels the fetch.</param>
    /// <returns>A local folder with <c>adapter_config.json</c> and the weights.</returns>
    /// <exception cref="StoredAdapterNotFoundException">The store has no adapter at the path, or an old local location does not exist here.</exception>
    public async Task<string> GetLocalFolderAsync(AdapterReference adapter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        adapter.Validate();
        if (StoredAdapters.ToStorePath(_store, adapter.Location) is not { } path)
        {
            return StoredAdapters.LocalFolder(adapter.Location) is { } local && File.Exists(Path.Combine(local, StoredAdapters.ConfigFileName))
                ? local
                : throw new StoredAdapterNotFoundException(
                    $"Adapter '{adapter.Name}' is named by '{adapter.Location}', which is neither a path in the artifact store ({_store.DescribeLocation(RunArtifacts.AdaptersPrefix)}/…) " +
                    $"nor an adapter folder on this machine. Program states written before adapters were stored in the artifact store name the folder the run trained into: " +
                    $"copy its adapter_config.json and adapter_model.safetensors into the store at {RunArtifacts.AdaptersPrefix}/{adapter.Name}/ and set the adapter's location to '{RunArtifacts.AdaptersPrefix}/{adapter.Name}', or rerun the weight step.");
        }

        if (_store is FileArtifactStore)
        {
            var folder = _store.DescribeLocation(path);
            return File.Exists(Path.Combine(folder, StoredAdapters.ConfigFileName)) ? folder : throw NotFound(adapter, path);
        }

        var fetch = _fetched.GetOrAdd(path, p => new Lazy<Task<string>>(() => FetchAsync(adapter, p, CancellationToken.None)));
        try
        {
            return await fetch.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A failed fetch is not remembered: the next request tries again.
            _fetched.TryRemove(new KeyValuePair<string, Lazy<Task<string>>>(path, fetch));
            throw;
        }
    }

    private StoredAdapterNotFoundException NotFound(AdapterReference adapter, string path) =>
        new($"Adapter '{adapter.Name}': the artifact store has no adapter at {_store.DescribeLocation(path)} ({StoredAdapters.ConfigFileName} is missing).");

    private async Task<string> FetchAsync(AdapterReference adapter, string path, CancellationToken cancellationToken)
    {
        var files = new List<ArtifactInfo>();
        await foreach (var item in _store.ListAsync(path + "/", cancellationToken).ConfigureAwait(false))
        {
            if (!item.Path[(path.Length + 1)..].Contains('/', StringComparison.Ordinal))
            {
                files.Add(item);
            }
        }

        if (!files.Any(f => f.Path.EndsWith("/" + StoredAdapters.ConfigFileName, StringComparison.Ordinal)))
        {
            throw NotFound(adapter, path);
        }

        Directory.CreateDirectory(_cacheFolder);
        var partial = Path.Combine(_cacheFolder, $".partial-{Guid.NewGuid():N}");
        Directory.CreateDirectory(partial);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
            {
                var name = file.Path[(path.Length + 1)..];
                hash.AppendData(Encoding.UTF8.GetBytes($"{name}\n"));
                var source = await _store.OpenReadAsync(file.Path, cancellationToken).ConfigureAwait(false);
                await using (source.ConfigureAwait(false))
                {
                    var target = new FileStream(Path.Combine(partial, name), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                    await using (target.ConfigureAwait(false))
                    {
                        await CopyHashingAsync(source, target, hash, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            var folder = Path.Combine(_cacheFolder, Convert.ToHexStringLower(hash.GetHashAndReset())[..32]);
            if (!Directory.Exists(folder))
            {
                try
                {
                    Directory.Move(partial, folder);
                }
                catch (IOException) when (Directory.Exists(folder))
                {
                    // Another process fetched the same bytes first; its folder is as good as ours.
                }
            }

            return folder;
        }
        finally
        {
            if (Directory.Exists(partial))
            {
                Directory.Delete(partial, recursive: true);
            }
        }
    }

    private static async Task CopyHashingAsync(Stream source, Stream target, IncrementalHash hash, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 16];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }
    }
}
