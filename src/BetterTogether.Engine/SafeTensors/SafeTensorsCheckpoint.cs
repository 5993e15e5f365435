using System.Text.Json;

namespace BetterTogether.Engine.SafeTensors;

/// <summary>
/// The weights of a model folder: a single <c>model.safetensors</c>, or shards listed by
/// <c>model.safetensors.index.json</c> (<c>weight_map</c>: tensor name → shard file).
/// </summary>
public sealed class SafeTensorsCheckpoint : IDisposable
{
    /// <summary>The single-file weights name.</summary>
    public const string SingleFileName = "model.safetensors";

    /// <summary>The shard index name.</summary>
    public const string IndexFileName = "model.safetensors.index.json";

    private readonly List<SafeTensorsFile> _files;
    private readonly Dictionary<string, SafeTensorsFile> _byTensor;

    private SafeTensorsCheckpoint(List<SafeTensorsFile> files, Dictionary<string, SafeTensorsFile> byTensor)
    {
        _files = files;
        _byTensor = byTensor;
    }

    /// <summary>Tensor names → header entries, across all shards.</summary>
    public IReadOnlyDictionary<string, SafeTensorInfo> Tensors =>
        _byTensor.ToDictionary(kv => kv.Key, kv => kv.Value.Tensors[kv.Key], StringComparer.Ordinal);

    /// <summary>Opens the weights of <paramref name="folder"/>.</summary>
    /// <param name="folder">An HF model folder.</param>
    /// <returns>The open checkpoint.</returns>
    /// <exception cref="FileNotFoundException">Neither weights file exists.</exception>
    /// <exception cref="SafeTensorsException">A file or the index is malformed or inconsistent.</exception>
    public static SafeTensorsCheckpoint Open(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var single = Path.Combine(folder, SingleFileName);
        var index = Path.Combine(folder, IndexFileName);
        var files = new List<SafeTensorsFile>();
        var byTensor = new Dictionary<string, SafeTensorsFile>(StringComparer.Ordinal);
        try
        {
            if (File.Exists(single))
            {
                var f = SafeTensorsFile.Open(single);
                files.Add(f);
                foreach (var name in f.Tensors.Keys)
                {
                    byTensor[name] = f;
                }
            }
            else if (File.Exists(index))
            {
                LoadShards(folder, index, files, byTensor);
            }
            else
            {
                throw new FileNotFoundException($"{folder}: neither {SingleFileName} nor {IndexFileName} exists.", single);
            }
        }
        catch
        {
            files.ForEach(f => f.Dispose());
            throw;
        }

        return new SafeTensorsCheckpoint(files, byTensor);
    }

    /// <summary>Whether a tensor exists.</summary>
    /// <param name="name">The tensor's name.</param>
    /// <returns>True when present.</returns>
    public bool Contains(string name) => _byTensor.ContainsKey(name);

    /// <summary>Reads a tensor as F32 into <paramref name="destination"/>.</summary>
    /// <param name="name">The tensor's name.</param>
    /// <param name="destination">Exactly its elements.</param>
    public void ReadFloats(string name, Span<float> destination)
    {
        if (!_byTensor.TryGetValue(name, out var file))
        {
            throw new KeyNotFoundException($"No tensor named '{name}' in the checkpoint.");
        }

        file.ReadFloats(name, destination);
    }

    /// <inheritdoc/>
    public void Dispose() => _files.ForEach(f => f.Dispose());

    private static void LoadShards(string folder, string index, List<SafeTensorsFile> files, Dictionary<string, SafeTensorsFile> byTensor)
    {
        Dictionary<string, string> map;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(index));
            if (!doc.RootElement.TryGetProperty("weight_map", out var wm) || wm.ValueKind != JsonValueKind.Object)
            {
                throw new SafeTensorsException(index, "no weight_map object");
            }

            map = wm.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal);
        }
        catch (JsonException ex)
        {
            throw new SafeTensorsException($"{index}: not valid JSON ({ex.Message})", ex);
        }

        var opened = new Dictionary<string, SafeTensorsFile>(StringComparer.Ordinal);
        foreach (var (tensor, shard) in map)
        {
            if (shard.Length == 0 || shard.Contains('/', StringComparison.Ordinal) || shard.Contains('\\', StringComparison.Ordinal) || shard.StartsWith("..", StringComparison.Ordinal))
            {
                throw new SafeTensorsException(index, $"tensor '{tensor}' maps to an invalid shard name '{shard}'");
            }

            if (!opened.TryGetValue(shard, out var file))
            {
                var shardPath = Path.Combine(folder, shard);
                if (!File.Exists(shardPath))
                {
                    throw new SafeTensorsException(index, $"shard '{shard}' (for '{tensor}') does not exist");
                }

                file = SafeTensorsFile.Open(shardPath);
                files.Add(file);
                opened[shard] = file;
            }

            if (!file.Tensors.ContainsKey(tensor))
            {
                throw new SafeTensorsException(index, $"shard '{shard}' has no tensor '{tensor}'");
            }

            byTensor[tensor] = file;
        }
    }
}
