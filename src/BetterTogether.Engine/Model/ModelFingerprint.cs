using System.Security.Cryptography;

namespace BetterTogether.Engine.Model;

/// <summary>
/// A short content fingerprint of a model folder, so that caches and run ids keyed by a model change when the
/// folder is retrained in place. It hashes <c>config.json</c>, <c>tokenizer.json</c>, <c>tokenizer_config.json</c>
/// and, of each <c>*.safetensors</c> file, its length and its first and last mebibyte (cheap for multi-GB weights,
/// and any retraining changes them).
/// </summary>
public static class ModelFingerprint
{
    private const int Edge = 1 << 20;

    /// <summary>Computes the fingerprint: 12 lowercase hex digits.</summary>
    /// <param name="folder">The model folder.</param>
    /// <returns>The fingerprint.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static string Compute(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Model folder '{folder}' does not exist.");
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var name in new[] { "config.json", "tokenizer.json", "tokenizer_config.json" })
        {
            var path = Path.Combine(folder, name);
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(name + "\n"));
            if (File.Exists(path))
            {
                hash.AppendData(File.ReadAllBytes(path));
            }
        }

        foreach (var path in Directory.EnumerateFiles(folder, "*.safetensors").Order(StringComparer.Ordinal))
        {
            using var stream = File.OpenRead(path);
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{Path.GetFileName(path)}\n{stream.Length}\n"));
            AppendRange(hash, stream, 0, Math.Min(Edge, stream.Length));
            AppendRange(hash, stream, Math.Max(0, stream.Length - Edge), Math.Min(Edge, stream.Length));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }

    private static void AppendRange(IncrementalHash hash, FileStream stream, long offset, long count)
    {
        var buffer = new byte[count];
        stream.Position = offset;
        stream.ReadExactly(buffer);
        hash.AppendData(buffer);
    }
}
