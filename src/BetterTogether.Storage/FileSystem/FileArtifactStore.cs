using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;

namespace BetterTogether.Storage.FileSystem;

/// <summary>
/// The embedded default store: one file per artifact under a root folder. Writes go to a temp file in the
/// same folder and are renamed into place (readers see the old or the new bytes, never a part); conditional
/// writes check and commit under a per-path lock that holds across processes; metadata, content type and the
/// ETag (a SHA-256 of content, type and metadata) live in a <c>{name}.bt-meta</c> sidecar that listing hides.
/// Files placed in the folder by other tools are artifacts too (with a length/time ETag and no metadata).
/// </summary>
public sealed class FileArtifactStore : IArtifactStore
{
    private const int CopyBufferSize = 81920;
    private readonly string _root;
    private readonly FileArtifactStoreOptions _options;
    private readonly FileLockSet _locks;

    /// <summary>Opens (creating when missing) a store rooted at <paramref name="rootPath"/>.</summary>
    public FileArtifactStore(string rootPath)
        : this(new FileArtifactStoreOptions { RootPath = rootPath })
    {
    }

    /// <summary>Opens (creating when missing) a store with <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public FileArtifactStore(FileArtifactStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.RootPath));
        Directory.CreateDirectory(_root);
        _locks = new FileLockSet(_root, options.LockTimeout);
    }

    /// <summary>The absolute root folder.</summary>
    public string RootPath => _root;

    /// <summary>The cross-process lock file that guards writes of <paramref name="path"/> (for tests and diagnostics).</summary>
    internal string LockFileFor(string path) => _locks.LockFileFor(path);

    /// <inheritdoc />
    public async Task<ArtifactInfo> PutAsync(string path, Stream content, ArtifactWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        var full = ToFullPath(path);
        ArgumentNullException.ThrowIfNull(content);
        options ??= new ArtifactWriteOptions();
        var metadata = ArtifactMetadata.Validate(options.Metadata);
        var condition = options.Condition ?? WriteCondition.None;
        cancellationToken.ThrowIfCancellationRequested();

        // Fail a create-only write before copying a large payload; the decisive check is under the lock.
        if (condition.CreateOnly && File.Exists(full))
        {
            throw Conflict(path, full, "it already exists");
        }

        var tempData = await FileWrites.CreateTempAsync(full, cancellationToken).ConfigureAwait(false);
        var tempSidecar = FileNames.NewTemp(full);
        try
        {
            string etag;
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                await using (tempData.Stream.ConfigureAwait(false))
                {
                    await FileWrites.CopyHashingAsync(content, tempData.Stream, hash, cancellationToken).ConfigureAwait(false);
                    await tempData.Stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                    if (_options.FlushToDisk)
                    {
                        tempData.Stream.Flush(flushToDisk: true);
                    }
                }

                etag = FileWrites.FinishETag(hash, options.ContentType, metadata);
            }

            var written = new FileInfo(tempData.Path);
            var sidecar = new FileSidecar(etag, written.Length, written.LastWriteTimeUtc.Ticks, options.ContentType, new Dictionary<string, string>(metadata, StringComparer.OrdinalIgnoreCase));
            await FileWrites.WriteSidecarAsync(tempSidecar, sidecar, _options.FlushToDisk, cancellationToken).ConfigureAwait(false);

            using (await _locks.AcquireAsync(path, cancellationToken).ConfigureAwait(false))
            {
                var current = ReadInfoUnlocked(path, full, allowFallback: true);
                if (condition.CreateOnly && current is not null)
                {
                    throw Conflict(path, full, "it already exists");
                }

                if (condition.IfMatchETag is { } expected && (current is null || !string.Equals(current.ETag, expected, StringComparison.Ordinal)))
                {
                    throw Conflict(path, full, current is null ? $"it does not exist (expected ETag {expected})" : $"its ETag is {current.ETag}, not {expected}");
                }

                // Sidecar first: until the data rename lands, readers see a sidecar that does not describe
                // the data file and wait for this lock instead of pairing old bytes with new metadata.
                try
                {
                    File.Move(tempSidecar, FileNames.SidecarOf(full), overwrite: true);
                    File.Move(tempData.Path, full, overwrite: true);
                }
                catch (IOException ex) when (Directory.Exists(full))
                {
                    throw new ArtifactStoreException($"Cannot write artifact '{path}': a folder of artifacts has that name.", full, null, null, ex);
                }
            }

            return new ArtifactInfo(path, sidecar.Length, etag, new DateTimeOffset(sidecar.WriteTicks, TimeSpan.Zero), metadata) { ContentType = options.ContentType };
        }
        finally
        {
            FileWrites.TryDelete(tempData.Path);
            FileWrites.TryDelete(tempSidecar);
        }
    }

    /// <inheritdoc />
    public Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var full = ToFullPath(path);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            Stream stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, CopyBufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult(stream);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException || (ex is UnauthorizedAccessException && Directory.Exists(full)))
        {
            throw new ArtifactNotFoundException(path, full, ex);
        }
    }

    /// <inheritdoc />
    public async Task<ArtifactInfo?> GetInfoAsync(string path, CancellationToken cancellationToken = default)
    {
        var full = ToFullPath(path);
        cancellationToken.ThrowIfCancellationRequested();
        return await ReadInfoAsync(path, full, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ArtifactInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArtifactPath.ValidatePrefix(prefix);
        var folder = prefix[..(prefix.LastIndexOf('/') + 1)];
        var start = folder.Length == 0 ? _root : Path.Combine(_root, folder);
        var paths = EnumerateArtifacts(start, prefix);
        paths.Sort(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var info = await ReadInfoAsync(path, Path.Combine(_root, path), cancellationToken).ConfigureAwait(false);
            if (info is not null)
            {
                yield return info;
            }
        }
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        var full = ToFullPath(path);
        using (await _locks.AcquireAsync(path, cancellationToken).ConfigureAwait(false))
        {
            if (!File.Exists(full))
            {
                return false;
            }

            File.Delete(full);
            FileWrites.TryDelete(FileNames.SidecarOf(full));
        }

        PruneEmptyFolders(Path.GetDirectoryName(full)!);
        return true;
    }

    /// <inheritdoc />
    public string DescribeLocation(string path) => ToFullPath(path);

    private string ToFullPath(string path)
    {
        ArtifactPath.Validate(path);
        foreach (var range in path.AsSpan().Split('/'))
        {
            var segment = path.AsSpan(range);
            if (segment.EndsWith(FileNames.SidecarSuffix, StringComparison.Ordinal) || segment.EndsWith(FileNames.TempSuffix, StringComparison.Ordinal))
            {
                throw new InvalidArtifactPathException(path, $"names ending in '{FileNames.SidecarSuffix}' or '{FileNames.TempSuffix}' are reserved by the file store", nameof(path));
            }
        }

        if (path == FileNames.StateFolder || path.StartsWith(FileNames.StateFolder + "/", StringComparison.Ordinal))
        {
            throw new InvalidArtifactPathException(path, $"the top-level folder '{FileNames.StateFolder}' is reserved by the file store", nameof(path));
        }

        var full = Path.GetFullPath(Path.Combine(_root, path.Replace('/', Path.DirectorySeparatorChar)));
        if (!full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidArtifactPathException(path, $"it resolves outside the store root '{_root}'", nameof(path));
        }

        return full;
    }

    private async Task<ArtifactInfo?> ReadInfoAsync(string path, string full, CancellationToken cancellationToken)
    {
        var info = ReadInfoUnlocked(path, full, allowFallback: false);
        if (info is not null || !File.Exists(full))
        {
            return info;
        }

        // The sidecar does not describe the data: a write is between its two renames, or the file came from
        // elsewhere. Under the lock the answer is final.
        using (await _locks.AcquireAsync(path, cancellationToken).ConfigureAwait(false))
        {
            return ReadInfoUnlocked(path, full, allowFallback: true);
        }
    }

    private static ArtifactInfo? ReadInfoUnlocked(string path, string full, bool allowFallback)
    {
        var data = new FileInfo(full);
        if (!data.Exists)
        {
            return null;
        }

        var sidecar = TryReadSidecar(FileNames.SidecarOf(full));
        var modified = new DateTimeOffset(data.LastWriteTimeUtc.Ticks, TimeSpan.Zero);
        if (sidecar is not null && sidecar.Describes(data))
        {
            return new ArtifactInfo(path, data.Length, sidecar.ETag, modified, ArtifactMetadata.Validate(sidecar.Metadata)) { ContentType = sidecar.ContentType };
        }

        return allowFallback
            ? new ArtifactInfo(path, data.Length, $"\"L{data.Length:x}-T{data.LastWriteTimeUtc.Ticks:x}\"", modified, ArtifactMetadata.Empty)
            : null;
    }

    private static FileSidecar? TryReadSidecar(string file)
    {
        try
        {
            var bytes = File.ReadAllBytes(file);
            return JsonSerializer.Deserialize(bytes, FileSidecarJsonContext.Default.FileSidecar);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    private List<string> EnumerateArtifacts(string start, string prefix)
    {
        var paths = new List<string>();
        var enumeration = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.None };
        try
        {
            foreach (var file in Directory.EnumerateFiles(start, "*", enumeration))
            {
                var relative = Path.GetRelativePath(_root, file).Replace(Path.DirectorySeparatorChar, '/');
                if (!FileNames.IsInternal(Path.GetFileName(file))
                    && !relative.StartsWith(FileNames.StateFolder + "/", StringComparison.Ordinal)
                    && relative.StartsWith(prefix, StringComparison.Ordinal)
                    && ArtifactPath.IsValid(relative))
                {
                    paths.Add(relative);
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
            // The folder was pruned by a concurrent delete: what was found so far is the listing.
        }

        return paths;
    }

    private void PruneEmptyFolders(string directory)
    {
        while (directory.Length > _root.Length && directory.StartsWith(_root, StringComparison.Ordinal))
        {
            try
            {
                Directory.Delete(directory, recursive: false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return;
            }

            directory = Path.GetDirectoryName(directory)!;
        }
    }

    private static ArtifactConflictException Conflict(string path, string full, string why) =>
        new($"Conditional write of '{path}' ({full}) failed: {why}.");
}
