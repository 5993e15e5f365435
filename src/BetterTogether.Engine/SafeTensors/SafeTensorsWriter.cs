using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace BetterTogether.Engine.SafeTensors;

/// <summary>Writes safetensors files per the spec: u64 LE header length, JSON header padded with spaces to 8 bytes, contiguous data.</summary>
public static class SafeTensorsWriter
{
    /// <summary>Writes <paramref name="tensors"/> to <paramref name="path"/> (via a temporary file, so a failure leaves no partial file).</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="tensors">The tensors, written in the given order.</param>
    /// <param name="dtype">The stored element type.</param>
    /// <param name="metadata">Extra <c>__metadata__</c> entries; <c>format: pt</c> is always written.</param>
    public static void Write(string path, IEnumerable<SafeTensor> tensors, SafeTensorsDType dtype = SafeTensorsDType.F32, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(tensors);
        var list = tensors.ToList();
        var elemSize = dtype == SafeTensorsDType.F32 ? 4 : 2;
        var names = new HashSet<string>(StringComparer.Ordinal);
        using var ms = new MemoryStream();
        using (var json = new Utf8JsonWriter(ms))
        {
            json.WriteStartObject();
            json.WriteStartObject("__metadata__");
            json.WriteString("format", "pt");
            foreach (var kv in metadata ?? new Dictionary<string, string>())
            {
                if (kv.Key != "format")
                {
                    json.WriteString(kv.Key, kv.Value);
                }
            }

            json.WriteEndObject();
            long offset = 0;
            foreach (var t in list)
            {
                long count = 1;
                foreach (var d in t.Shape)
                {
                    count *= d;
                }

                if (count != t.Data.Length)
                {
                    throw new ArgumentException($"Tensor '{t.Name}' has shape [{string.Join(',', t.Shape)}] but {t.Data.Length} elements.", nameof(tensors));
                }

                if (!names.Add(t.Name) || t.Name == "__metadata__")
                {
                    throw new ArgumentException($"Tensor name '{t.Name}' is duplicated or reserved.", nameof(tensors));
                }

                json.WriteStartObject(t.Name);
                json.WriteString("dtype", dtype.ToString());
                json.WriteStartArray("shape");
                foreach (var d in t.Shape)
                {
                    json.WriteNumberValue(d);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += count * elemSize;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        var headerBytes = ms.ToArray();
        var padded = (headerBytes.Length + 7) / 8 * 8;
        var header = new byte[padded];
        headerBytes.CopyTo(header, 0);
        header.AsSpan(headerBytes.Length).Fill((byte)' ');

        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var tmp = path + ".tmp";
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            Span<byte> len = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)padded);
            fs.Write(len);
            fs.Write(header);
            var buffer = new byte[(1 << 16) * elemSize];
            foreach (var t in list)
            {
                var span = t.Data.Span;
                for (var i = 0; i < span.Length; i += 1 << 16)
                {
                    var n = Math.Min(1 << 16, span.Length - i);
                    DTypeConversion.FromFloat(dtype, span.Slice(i, n), buffer);
                    fs.Write(buffer, 0, n * elemSize);
                }
            }
        }

        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Encodes the header text for tests and tools (no data).</summary>
    internal static string ReadHeaderText(string path)
    {
        using var fs = File.OpenRead(path);
        Span<byte> len = stackalloc byte[8];
        fs.ReadExactly(len);
        var header = new byte[BinaryPrimitives.ReadUInt64LittleEndian(len)];
        fs.ReadExactly(header);
        return Encoding.UTF8.GetString(header);
    }
}
