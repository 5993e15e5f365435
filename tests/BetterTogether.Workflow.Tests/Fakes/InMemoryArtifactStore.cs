using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using BetterTogether.Storage;

namespace BetterTogether.Workflow.Tests.Fakes;

/// <summary>An in-memory <see cref="IArtifactStore"/> with the port's conditional-write semantics.</summary>
internal sealed class InMemoryArtifactStore : IArtifactStore
{
    private readonly ConcurrentDictionary<string, (byte[] Bytes, ArtifactInfo Info)> _items = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private long _version;

    public int PutCount;

    public IReadOnlyCollection<string> Paths => _items.Keys.Order(StringComparer.Ordinal).ToList();

    public async Task<ArtifactInfo> PutAsync(string path, Stream content, ArtifactWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        var condition = options?.Condition ?? WriteCondition.None;
        lock (_gate)
        {
            var exists = _items.TryGetValue(path, out var current);
            if (condition.CreateOnly && exists)
            {
                throw new ArtifactConflictException($"'{path}' exists.");
            }

            if (condition.IfMatchETag is { } etag && (!exists || current.Info.ETag != etag))
            {
                throw new ArtifactConflictException($"'{path}' changed.");
            }

            var info = new ArtifactInfo(path, buffer.Length, $"\"{++_version}\"", DateTimeOffset.UnixEpoch, options?.Metadata ?? new Dictionary<string, string>());
            _items[path] = (buffer.ToArray(), info);
            Interlocked.Increment(ref PutCount);
            return info;
        }
    }

    public Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default)
        => _items.TryGetValue(path, out var item)
            ? Task.FromResult<Stream>(new MemoryStream(item.Bytes, writable: false))
            : throw new ArtifactNotFoundException(path, DescribeLocation(path));

    public Task<ArtifactInfo?> GetInfoAsync(string path, CancellationToken cancellationToken = default)
        => Task.FromResult(_items.TryGetValue(path, out var item) ? item.Info : null);

    public async IAsyncEnumerable<ArtifactInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var item in _items.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList())
        {
            yield return item.Value.Info;
        }
    }

    public Task<bool> DeleteAsync(string path, CancellationToken cancellationToken = default) => Task.FromResult(_items.TryRemove(path, out _));

    public string DescribeLocation(string path) => $"memory://{path}";
}
