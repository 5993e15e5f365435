using BetterTogether.Engine.Model;

namespace BetterTogether.Engine.Tests.Model;

public sealed class ModelFingerprintTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bt-fingerprint-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Compute_SameFiles_SameFingerprint_AnyChangedWeightByte_Another()
    {
        File.WriteAllText(Path.Combine(_folder, "config.json"), "{\"hidden_size\": 8}");
        var weights = new byte[3 << 20];
        new Random(1).NextBytes(weights);
        File.WriteAllBytes(Path.Combine(_folder, "model.safetensors"), weights);

        var first = ModelFingerprint.Compute(_folder);
        Assert.Matches("^[0-9a-f]{12}$", first);
        Assert.Equal(first, ModelFingerprint.Compute(_folder));

        weights[^1] ^= 1;
        File.WriteAllBytes(Path.Combine(_folder, "model.safetensors"), weights);
        var retrained = ModelFingerprint.Compute(_folder);
        Assert.NotEqual(first, retrained);

        File.WriteAllText(Path.Combine(_folder, "config.json"), "{\"hidden_size\": 16}");
        Assert.NotEqual(retrained, ModelFingerprint.Compute(_folder));
    }

    [Fact]
    public void Compute_MissingFolder_SaysWhich()
    {
        var missing = Path.Combine(_folder, "nope");
        var e = Assert.Throws<DirectoryNotFoundException>(() => ModelFingerprint.Compute(missing));
        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
    }
}
