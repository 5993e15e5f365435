using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace BetterTogether.Storage.FileSystem;

/// <summary>The steps of a file store write: temp file, hashing copy, ETag, sidecar, cleanup.</summary>
internal static class FileWrites
{
    private const int CopyBufferSize = 81920;

    public static async Task WriteSidecarAsync(string file, FileSidecar sidecar, bool flushToDisk, CancellationToken cancellationToken)
    {
        var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            await JsonSerializer.SerializeAsync(stream, sidecar, FileSidecarJsonContext.Default.FileSidecar, cancellationToken).ConfigureAwait(false);
            if (flushToDisk)
            {
                stream.Flush(flushToDisk: true);
            }
        }
    }

    public static async Task<(string Path, FileStream Stream)> CreateTempAsync(string full, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(full)!;
        for (var attempt = 0; ; attempt++)
        {
            var temp = FileNames.NewTemp(full);
            try
            {
                Directory.CreateDirectory(directory);
                return (temp, new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, CopyBufferSize, FileOptions.Asynchronous));
            }
            catch (Exception ex) when ((ex is DirectoryNotFoundException or FileNotFoundException) && attempt < 50)
            {
                // A concurrent delete pruned a folder while CreateDirectory built the chain (mkdir then reports
                // ENOENT as FileNotFoundException) or between CreateDirectory and the open: try again.
                await Task.Yield();
                cancellationToken.ThrowIfCancellationRequested();
            }
            catch (IOException ex) when (File.Exists(directory))
            {
                throw new ArtifactStoreException($"Cannot write artifact under '{directory}': an artifact file has the folder's name.", full, null, null, ex);
            }
        }
    }

    public static async Task CopyHashingAsync(Stream source, Stream destination, IncrementalHash hash, CancellationToken cancellationToken)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, CopyBufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static string FinishETag(IncrementalHash hash, string? contentType, IReadOnlyDictionary<string, string> metadata)
    {
        // The ETag names the whole representation (bytes, type, metadata), so a metadata-only change is a new version.
        var tail = new StringBuilder().Append('\0').Append(contentType).Append('\0');
        foreach (var (key, value) in metadata.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase))
        {
            tail.Append(key.ToUpperInvariant()).Append('=').Append(value).Append('\0');
        }

        hash.AppendData(Encoding.UTF8.GetBytes(tail.ToString()));
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return $"\"{Convert.ToHexStringLower(digest[..16])}\"";
    }

    public static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temp file is hidden from listing and harmless.
        }
    }
}
