using System.Text.Json;
using BetterTogether.Engine.Tokenization.Normalization;

namespace BetterTogether.Engine.Tests.Tokenization;

public sealed class UnicodeNormalizerTests
{
    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        using var doc = JsonDocument.Parse(File.ReadAllText(TokenizerFixtures.PathOf("nfc.json")));
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            data.Add(e.GetProperty("text").GetString()!, e.GetProperty("nfc").GetString()!, e.GetProperty("nfd").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ToNfc_PythonReference_Matches(string text, string nfc, string nfd)
    {
        Assert.Equal(nfc, UnicodeNormalizer.ToNfc(text));
        Assert.Equal(nfd, UnicodeNormalizer.ToNfd(text));
    }

    [Fact]
    public void ToNfc_AsciiText_ReturnsSameInstance()
    {
        const string text = "plain ascii";
        Assert.Same(text, UnicodeNormalizer.ToNfc(text));
    }
}
