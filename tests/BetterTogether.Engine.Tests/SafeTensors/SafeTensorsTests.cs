using System.Buffers.Binary;
using System.Text;
using BetterTogether.Engine.SafeTensors;

namespace BetterTogether.Engine.Tests.SafeTensors;

public sealed class SafeTensorsTests
{
    [Theory]
    [InlineData(SafeTensorsDType.F32)]
    [InlineData(SafeTensorsDType.BF16)]
    [InlineData(SafeTensorsDType.F16)]
    public void Write_ThenOpen_RoundTripsValuesShapesAndMetadata(SafeTensorsDType dtype)
    {
        var path = Path.Combine(Fixtures.TempFolder(), "t.safetensors");
        float[] a = [1f, -2.5f, 0.15625f, 1024f, -0.0078125f, 3f];
        SafeTensorsWriter.Write(path, [new SafeTensor("a", [2, 3], a), new SafeTensor("s", [], new float[] { 7f })], dtype, new Dictionary<string, string> { ["k"] = "v" });

        using var file = SafeTensorsFile.Open(path);
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Equal("v", file.Metadata["k"]);
        Assert.Equal([2L, 3L], file.Tensors["a"].Shape);
        Assert.Equal(dtype, file.Tensors["a"].DType);
        Assert.Equal(a, file.ReadFloats("a"));
        Assert.Equal([7f], file.ReadFloats("s"));
        var header = SafeTensorsWriter.ReadHeaderText(path);
        Assert.Equal(0, Encoding.UTF8.GetByteCount(header) % 8);
    }

    [Fact]
    public void Write_Bf16_RoundsToNearestEven()
    {
        var path = Path.Combine(Fixtures.TempFolder(), "t.safetensors");
        var x = BitConverter.Int32BitsToSingle(0x3F808001); // just above halfway between two bf16 values
        SafeTensorsWriter.Write(path, [new SafeTensor("x", [1], new[] { x })], SafeTensorsDType.BF16);
        using var file = SafeTensorsFile.Open(path);
        Assert.Equal(BitConverter.Int32BitsToSingle(0x3F810000), file.ReadFloats("x")[0]);
    }

    [Fact]
    public void Open_TruncatedFile_ThrowsNamingFile()
    {
        var path = WriteSample();
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^4]);
        var ex = Assert.Throws<SafeTensorsException>(() => SafeTensorsFile.Open(path));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_HeaderLengthBeyondFile_Throws()
    {
        var path = WriteSample();
        var bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1_000_000);
        File.WriteAllBytes(path, bytes);
        var ex = Assert.Throws<SafeTensorsException>(() => SafeTensorsFile.Open(path));
        Assert.Equal(path, ex.FilePath);
    }

    [Theory]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", "contiguous")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", "needs 12 bytes")]
    [InlineData("{\"a\":{\"dtype\":\"I8\",\"shape\":[8],\"data_offsets\":[0,8]}}", "unsupported dtype")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", "trailing bytes")]
    [InlineData("not json", "not valid JSON")]
    public void Open_InconsistentHeader_ThrowsWithFault(string header, string fault)
    {
        var path = Path.Combine(Fixtures.TempFolder(), "bad.safetensors");
        var h = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + h.Length + 8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)h.Length);
        h.CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);
        var ex = Assert.Throws<SafeTensorsException>(() => SafeTensorsFile.Open(path));
        Assert.Contains(fault, ex.Message, StringComparison.Ordinal);
        Assert.Contains("bad.safetensors", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckpointOpen_ShardedIndex_ReadsAcrossShards()
    {
        var folder = Fixtures.TempFolder();
        SafeTensorsWriter.Write(Path.Combine(folder, "model-00001-of-00002.safetensors"), [new SafeTensor("a", [2], new[] { 1f, 2f })]);
        SafeTensorsWriter.Write(Path.Combine(folder, "model-00002-of-00002.safetensors"), [new SafeTensor("b", [1], new[] { 3f })]);
        File.WriteAllText(Path.Combine(folder, SafeTensorsCheckpoint.IndexFileName), """{"metadata":{},"weight_map":{"a":"model-00001-of-00002.safetensors","b":"model-00002-of-00002.safetensors"}}""");
        using var ckpt = SafeTensorsCheckpoint.Open(folder);
        var b = new float[1];
        ckpt.ReadFloats("b", b);
        Assert.Equal(3f, b[0]);
        Assert.Equal(2, ckpt.Tensors.Count);
    }

    [Fact]
    public void CheckpointOpen_IndexNamesMissingTensor_Throws()
    {
        var folder = Fixtures.TempFolder();
        SafeTensorsWriter.Write(Path.Combine(folder, "s1.safetensors"), [new SafeTensor("a", [1], new[] { 1f })]);
        File.WriteAllText(Path.Combine(folder, SafeTensorsCheckpoint.IndexFileName), """{"weight_map":{"zz":"s1.safetensors"}}""");
        var ex = Assert.Throws<SafeTensorsException>(() => SafeTensorsCheckpoint.Open(folder));
        Assert.Contains("'zz'", ex.Message, StringComparison.Ordinal);
    }

    private static string WriteSample()
    {
        var path = Path.Combine(Fixtures.TempFolder(), "t.safetensors");
        SafeTensorsWriter.Write(path, [new SafeTensor("a", [4], new[] { 1f, 2f, 3f, 4f })]);
        return path;
    }
}
