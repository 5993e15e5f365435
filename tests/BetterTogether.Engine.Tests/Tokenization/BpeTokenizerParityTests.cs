using System.Text.Json;
using BetterTogether.Engine.Tokenization;

namespace BetterTogether.Engine.Tests.Tokenization;

/// <summary>Encodings must equal those of the independent Python reference (Fixtures/make_fixtures.py).</summary>
public sealed class BpeTokenizerParityTests
{
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        using var doc = JsonDocument.Parse(File.ReadAllText(TokenizerFixtures.PathOf("expected.json")));
        foreach (var variant in doc.RootElement.EnumerateObject())
        {
            for (var i = 0; i < variant.Value.GetArrayLength(); i++)
            {
                data.Add(variant.Name, i);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Encode_ReferenceCase_MatchesPythonReference(string variant, int index)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TokenizerFixtures.PathOf("expected.json")));
        var entry = doc.RootElement.GetProperty(variant)[index];
        var text = entry.GetProperty("text").GetString()!;
        var addSpecial = entry.TryGetProperty("add_special_tokens", out var flag) && flag.GetBoolean();
        var expected = entry.GetProperty("ids").EnumerateArray().Select(x => x.GetInt32()).ToArray();

        var ids = TokenizerFixtures.Load(variant).Encode(text, addSpecial);

        Assert.Equal(expected, ids);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decode_ReferenceCase_ReturnsReferenceText(string variant, int index)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TokenizerFixtures.PathOf("expected.json")));
        var entry = doc.RootElement.GetProperty(variant)[index];
        var ids = entry.GetProperty("ids").EnumerateArray().Select(x => x.GetInt32()).ToArray();

        var decoded = TokenizerFixtures.Load(variant).Decode(ids);

        Assert.Equal(entry.GetProperty("decoded").GetString(), decoded);
    }
}
