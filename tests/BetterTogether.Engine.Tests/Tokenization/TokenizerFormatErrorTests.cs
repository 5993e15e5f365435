using System.Text.Json.Nodes;
using BetterTogether.Engine.Tokenization;

namespace BetterTogether.Engine.Tests.Tokenization;

public sealed class TokenizerFormatErrorTests
{
    private static JsonNode Gpt2() => JsonNode.Parse(File.ReadAllText(TokenizerFixtures.PathOf("gpt2.tokenizer.json")))!;

    private static TokenizerFormatException Fails(JsonNode json) =>
        Assert.Throws<TokenizerFormatException>(() => BpeTokenizer.FromJson(json.ToJsonString(), "bad/tokenizer.json"));

    [Fact]
    public void FromJson_UnknownModelType_ThrowsNamingFileAndType()
    {
        var json = Gpt2();
        json["model"]!["type"] = "WordPiece";

        var ex = Fails(json);

        Assert.Equal("bad/tokenizer.json", ex.File);
        Assert.Contains("model.type 'WordPiece'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_TruncatedJson_Throws()
    {
        var text = File.ReadAllText(TokenizerFixtures.PathOf("gpt2.tokenizer.json"));

        var ex = Assert.Throws<TokenizerFormatException>(() => BpeTokenizer.FromJson(text[..(text.Length / 2)], "cut.json"));

        Assert.Contains("not valid JSON", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_MergeOfUnknownToken_ThrowsNamingIndex()
    {
        var json = Gpt2();
        json["model"]!["merges"]!.AsArray().Add("zzzq qqqz");

        var ex = Fails(json);

        Assert.Contains("model.merges[", ex.Fault, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_UnsupportedPreTokenizer_Throws()
    {
        var json = Gpt2();
        json["pre_tokenizer"] = JsonNode.Parse("""{"type":"Metaspace","replacement":"▁"}""");

        var ex = Fails(json);

        Assert.Contains("pre_tokenizer.type 'Metaspace'", ex.Fault, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_CompatibilityNormalizer_ThrowsRatherThanIgnoring()
    {
        var json = Gpt2();
        json["normalizer"] = JsonNode.Parse("""{"type":"NFKC"}""");

        Assert.Contains("normalizer.type 'NFKC'", Fails(json).Fault, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_InvalidSplitRegex_Throws()
    {
        var json = Gpt2();
        json["pre_tokenizer"] = JsonNode.Parse("""{"type":"Split","pattern":{"Regex":"(unclosed"},"behavior":"Isolated","invert":false}""");

        Assert.Contains("pre_tokenizer.pattern", Fails(json).Fault, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => BpeTokenizer.Load(TokenizerFixtures.PathOf("missing.tokenizer.json")));
    }
}
