using BetterTogether.Engine.Lora;

namespace BetterTogether.Engine.Serving;

/// <summary>
/// Adapters loaded from the folders requests name, keyed by full path, the least recently used dropped beyond a
/// capacity. A long-running host sees a new adapter after every weight step; without a bound they would all stay
/// in memory. A request that still holds a dropped adapter finishes with it; a later request loads it again.
/// </summary>
internal sealed class AdapterLocationCache(int capacity)
{
    private readonly Lock _lock = new();
    private readonly LinkedList<(string Path, LoraAdapter Adapter)> _byUse = new();
    private readonly Dictionary<string, LinkedListNode<(string Path, LoraAdapter Adapter)>> _byPath = new(StringComparer.Ordinal);

    /// <summary>The cached folders, most recently used first.</summary>
    public IReadOnlyList<string> Paths
    {
        get
        {
            lock (_lock)
            {
                return [.. _byUse.Select(e => e.Path)];
            }
        }
    }

    /// <summary>The adapter of a folder, loaded on first use.</summary>
    /// <param name="path">The folder's full path.</param>
    /// <param name="load">Loads the folder.</param>
    /// <returns>The adapter.</returns>
    public LoraAdapter GetOrLoad(string path, Func<string, LoraAdapter> load)
    {
        lock (_lock)
        {
            if (_byPath.TryGetValue(path, out var node))
            {
                _byUse.Remove(node);
                _byUse.AddFirst(node);
                return node.Value.Adapter;
            }
        }

        // Loaded outside the lock, so a slow disk does not hold up requests for cached adapters; two requests
        // for the same new folder may both load it, and the first one in is kept.
        var adapter = load(path);
        lock (_lock)
        {
            if (_byPath.TryGetValue(path, out var raced))
            {
                return raced.Value.Adapter;
            }

            _byPath[path] = _byUse.AddFirst((path, adapter));
            while (_byUse.Count > capacity)
            {
                _byPath.Remove(_byUse.Last!.Value.Path);
                _byUse.RemoveLast();
            }

            return adapter;
        }
    }
}
