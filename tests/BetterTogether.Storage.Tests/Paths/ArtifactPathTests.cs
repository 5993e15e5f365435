namespace BetterTogether.Storage.Tests.Paths;

public sealed class ArtifactPathTests
{
    [Theory]
    [InlineData("report.json")]
    [InlineData("runs/abc-123/traces/shard-0001.jsonl")]
    [InlineData("runs/x/.keep")]
    [InlineData("runs/sched:2026-11-22T10:00:00Z/report.json")]
    [InlineData("ü/日本.txt")]
    public void Validate_ValidPath_ReturnsIt(string path)
    {
        Assert.Equal(path, ArtifactPath.Validate(path));
        Assert.True(ArtifactPath.IsValid(path));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("/a", "starts with '/'")]
    [InlineData("a/", "ends with '/'")]
    [InlineData("a//b", "segment 1 is empty")]
    [InlineData("a/../b", "segment 1 is '..'")]
    [InlineData("./a", "segment 0 is '.'")]
    [InlineData("a\\b", "backslash")]
    [InlineData("a\nb", "control character")]
    [InlineData("runs/v1./x", "segment 1 ends with '.'")]
    [InlineData("...", "segment 0 ends with '.'")]
    public void Validate_InvalidPath_SaysWhy(string path, string reason)
    {
        var error = Assert.Throws<InvalidArtifactPathException>(() => ArtifactPath.Validate(path));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal(path, error.Path);
        Assert.False(ArtifactPath.IsValid(path));
    }

    [Fact]
    public void Validate_TooLong_Throws()
    {
        var error = Assert.Throws<InvalidArtifactPathException>(() => ArtifactPath.Validate(new string('a', ArtifactPath.MaxLength + 1)));
        Assert.Contains("at most 1024", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("runs/")]
    [InlineData("runs/ab")]
    [InlineData("runs/a.")]
    public void ValidatePrefix_ValidPrefix_ReturnsIt(string prefix) => Assert.Equal(prefix, ArtifactPath.ValidatePrefix(prefix));

    [Theory]
    [InlineData("/")]
    [InlineData("runs//")]
    [InlineData("../")]
    [InlineData("a\\")]
    public void ValidatePrefix_InvalidPrefix_Throws(string prefix) => Assert.Throws<InvalidArtifactPathException>(() => ArtifactPath.ValidatePrefix(prefix));

    [Fact]
    public void Combine_JoinsAndValidates()
    {
        Assert.Equal("runs/r1/report.json", ArtifactPath.Combine("runs", "r1", "report.json"));
        Assert.Throws<InvalidArtifactPathException>(() => ArtifactPath.Combine("runs", "..", "x"));
    }

    [Fact]
    public void MetadataValidate_RejectsNonAsciiAndPadding()
    {
        Assert.Throws<ArgumentException>(() => ArtifactMetadata.Validate(new Dictionary<string, string> { ["k"] = "ü" }));
        Assert.Throws<ArgumentException>(() => ArtifactMetadata.Validate(new Dictionary<string, string> { ["k"] = " v" }));
        Assert.Throws<ArgumentException>(() => ArtifactMetadata.Validate(new Dictionary<string, string> { ["1k"] = "v" }));
        Assert.Throws<ArgumentException>(() => ArtifactMetadata.Validate(new Dictionary<string, string>(StringComparer.Ordinal) { ["k"] = "a", ["K"] = "b" }));
        Assert.Equal("v", ArtifactMetadata.Validate(new Dictionary<string, string> { ["Key_1"] = "v" })["key_1"]);
    }
}
