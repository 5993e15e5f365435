using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace BetterTogether.Engine.SafeTensors;

/// <summary>
/// A safetensors file opened for reading: the header is parsed and validated on open (u64 LE header
/// length, JSON header, offsets contiguous and in bounds); tensors are read on demand and converted to F32.
/// </summary>
public sealed class SafeTensorsFile : IDisposable
{
    private const long MaxHeaderBytes = 100L * 1024 * 1024;
    private readonly SafeFileHandle _handle;
    private readonly long _dataStart;
    private readonly Dictionary<string, SafeTensorInfo> _tensors;

    private SafeTensorsFile(string path, SafeFileHandle handle, long dataStart, Dictionary<string, SafeTensorInfo> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        FilePath = path;
        _handle = handle;
        _dataStart = dataStart;
        _tensors = tensors;
        Metadata = metadata;
    }

    /// <summary>The file's path.</summary>
    public string FilePath { get; }

    /// <summary>The header's <c>__metadata__</c> (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The tensors by name.</summary>
    public IReadOnlyDictionary<string, SafeTensorInfo> Tensors => _tensors;

    /// <summary>Opens a file and validates its header.</summary>
    /// <param name="path">The <c>.safetensors</c> file.</param>
    /// <returns>The open file.</returns>
    /// <exception cref="SafeTensorsException">The file is truncated, malformed or inconsistent.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static SafeTensorsFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            var length = RandomAccess.GetLength(handle);
            if (length < 8)
            {
                throw new SafeTensorsException(path, $"file is {length} bytes, shorter than the 8-byte header length");
            }

            Span<byte> lenBytes = stackalloc byte[8];
            RandomAccess.Read(handle, lenBytes, 0);
            var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lenBytes);
            if (headerLength > MaxHeaderBytes || (long)headerLength > length - 8)
            {
                throw new SafeTensorsException(path, $"header length {headerLength} exceeds the file ({length} bytes) or the 100 MB limit (truncated file?)");
            }

            var header = new byte[headerLength];
            RandomAccess.Read(handle, header, 8);
            var dataStart = 8 + (long)headerLength;
            var (tensors, metadata) = ParseHeader(path, header, length - dataStart);
            return new SafeTensorsFile(path, handle, dataStart, tensors, metadata);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Reads a tensor as F32.</summary>
    /// <param name="name">The tensor's name.</param>
    /// <returns>Its elements in row-major order.</returns>
    /// <exception cref="KeyNotFoundException">No tensor has that name.</exception>
    public float[] ReadFloats(string name)
    {
        var info = GetInfo(name);
        var result = new float[info.ElementCount];
        ReadFloats(name, result);
        return result;
    }

    /// <summary>Reads a tensor as F32 into <paramref name="destination"/>, which must hold exactly its elements.</summary>
    /// <param name="name">The tensor's name.</param>
    /// <param name="destination">Where to write the elements.</param>
    public void ReadFloats(string name, Span<float> destination)
    {
        var info = GetInfo(name);
        if (destination.Length != info.ElementCount)
        {
            throw new ArgumentException($"{FilePath}: tensor '{name}' has {info.ElementCount} elements, destination holds {destination.Length}.", nameof(destination));
        }

        const int chunkElems = 1 << 16;
        var buffer = new byte[chunkElems * info.ElementSize];
        long done = 0;
        while (done < info.ElementCount)
        {
            var n = (int)Math.Min(chunkElems, info.ElementCount - done);
            var bytes = buffer.AsSpan(0, n * info.ElementSize);
            var offset = _dataStart + info.Begin + (done * info.ElementSize);
            var read = RandomAccess.Read(_handle, bytes, offset);
            if (read != bytes.Length)
            {
                throw new SafeTensorsException(FilePath, $"tensor '{name}' is truncated at byte {offset + read}");
            }

            DTypeConversion.ToFloat(info.DType, bytes, destination.Slice((int)done, n));
            done += n;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _handle.Dispose();

    private SafeTensorInfo GetInfo(string name) =>
        _tensors.TryGetValue(name, out var info) ? info : throw new KeyNotFoundException($"{FilePath}: no tensor named '{name}'.");

    private static (Dictionary<string, SafeTensorInfo> Tensors, Dictionary<string, string> Metadata) ParseHeader(string path, byte[] header, long dataLength)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(Encoding.UTF8.GetString(header).TrimEnd(' ', '\0'));
        }
        catch (JsonException ex)
        {
            throw new SafeTensorsException($"{path}: header is not valid JSON ({ex.Message})", ex);
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new SafeTensorsException(path, "header is not a JSON object");
            }

            var tensors = new Dictionary<string, SafeTensorInfo>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (prop.Name == "__metadata__")
                {
                    foreach (var m in prop.Value.EnumerateObject())
                    {
                        metadata[m.Name] = m.Value.ValueKind == JsonValueKind.String ? m.Value.GetString()! : m.Value.GetRawText();
                    }

                    continue;
                }

                tensors[prop.Name] = ParseEntry(path, prop.Name, prop.Value);
            }

            ValidateLayout(path, tensors.Values, dataLength);
            return (tensors, metadata);
        }
    }

    private static SafeTensorInfo ParseEntry(string path, string name, JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object
            || !e.TryGetProperty("dtype", out var dt) || !e.TryGetProperty("shape", out var sh) || !e.TryGetProperty("data_offsets", out var off)
            || sh.ValueKind != JsonValueKind.Array || off.ValueKind != JsonValueKind.Array || off.GetArrayLength() != 2)
        {
            throw new SafeTensorsException(path, $"tensor '{name}' needs dtype, shape and a two-element data_offsets");
        }

        var dtype = dt.GetString() switch
        {
            "F32" => SafeTensorsDType.F32,
            "BF16" => SafeTensorsDType.BF16,
            "F16" => SafeTensorsDType.F16,
            var other => throw new SafeTensorsException(path, $"tensor '{name}' has unsupported dtype '{other}' (F32, BF16, F16 are read)"),
        };
        var shape = new List<long>();
        foreach (var d in sh.EnumerateArray())
        {
            if (!d.TryGetInt64(out var v) || v < 0)
            {
                throw new SafeTensorsException(path, $"tensor '{name}' has an invalid shape {sh.GetRawText()}");
            }

            shape.Add(v);
        }

        if (!off[0].TryGetInt64(out var begin) || !off[1].TryGetInt64(out var end) || begin < 0 || end < begin)
        {
            throw new SafeTensorsException(path, $"tensor '{name}' has invalid data_offsets {off.GetRawText()}");
        }

        var info = new SafeTensorInfo(name, dtype, shape, begin, end);
        if (info.ElementCount * info.ElementSize != end - begin)
        {
            throw new SafeTensorsException(path, $"tensor '{name}' shape [{string.Join(',', shape)}] {dtype} needs {info.ElementCount * info.ElementSize} bytes but data_offsets span {end - begin}");
        }

        return info;
    }

    private static void ValidateLayout(string path, IEnumerable<SafeTensorInfo> tensors, long dataLength)
    {
        long expected = 0;
        foreach (var t in tensors.OrderBy(t => t.Begin).ThenBy(t => t.End))
        {
            if (t.Begin != expected)
            {
                throw new SafeTensorsException(path, $"tensor '{t.Name}' starts at data offset {t.Begin}, expected {expected} (offsets must be contiguous)");
            }

            expected = t.End;
        }

        if (expected > dataLength)
        {
            throw new SafeTensorsException(path, $"tensor data needs {expected} bytes but the file holds {dataLength} after the header (truncated file)");
        }

        if (expected < dataLength)
        {
            throw new SafeTensorsException(path, $"{dataLength - expected} trailing bytes after the last tensor");
        }
    }
}
