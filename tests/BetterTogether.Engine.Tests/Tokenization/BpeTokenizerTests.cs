using System.Text;
using BetterTogether.Engine.Tokenization;

namespace BetterTogether.Engine.Tests.Tokenization;

public sealed class BpeTokenizerTests
{
    public static TheoryData<string> Variants() => new("gpt2", "llama3", "qwen2", "possessive");

    [Theory]
    [MemberData(nameof(Variants))]
    public void Decode_RandomUnicodeText_RoundTripsExactly(string variant)
    {
        var tokenizer = TokenizerFixtures.Load(variant);
        var random = new Random(1234);
        int[] pool = ['a', 'Z', ' ', '\n', '\t', '\'', '7', '.', 0xE9, 0x301, 0x6771, 0x4EAC, 0x1F389, 0x20000, 0x3042, 0xFFFD];
        for (var round = 0; round < 200; round++)
        {
            var sb = new StringBuilder();
            var length = random.Next(0, 30);
            for (var i = 0; i < length; i++)
            {
                sb.Append(char.ConvertFromUtf32(pool[random.Next(pool.Length)]));
            }

            // qwen2 normalizes to NFC, so compose first to compare exact text.
            var text = variant == "qwen2" ? tokenizer.Decode(tokenizer.Encode(sb.ToString())) : sb.ToString();

            Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text)));
        }
    }

    [Fact]
    public void Encode_SpecialTokenInText_BecomesOneId()
    {
        var tokenizer = TokenizerFixtures.Load("qwen2");
        var imStart = tokenizer.TokenToId("<|im_start|>");

        var ids = tokenizer.Encode("<|im_start|>user");

        Assert.NotNull(imStart);
        Assert.Equal(imStart, ids[0]);
        Assert.True(tokenizer.IsSpecial(ids[0]));
        Assert.DoesNotContain(imStart.Value, tokenizer.EncodeOrdinary("<|im_start|>user"));
    }

    [Fact]
    public void Decode_SkipSpecialTokens_LeavesOutSpecials()
    {
        var tokenizer = TokenizerFixtures.Load("qwen2");
        var ids = tokenizer.Encode("<|im_start|>hi<|im_end|>");

        Assert.Equal("<|im_start|>hi<|im_end|>", tokenizer.Decode(ids));
        Assert.Equal("hi", tokenizer.Decode(ids, skipSpecialTokens: true));
    }

    [Fact]
    public void Encode_AddSpecialTokensOnLlama3_PrependsBos()
    {
        var tokenizer = TokenizerFixtures.Load("llama3");
        var bos = tokenizer.TokenToId("<|begin_of_text|>");

        Assert.Equal([bos!.Value], tokenizer.PrefixTokenIds);
        Assert.Equal(bos, tokenizer.Encode("hi", addSpecialTokens: true)[0]);
        Assert.NotEqual(bos, tokenizer.Encode("hi")[0]);
    }

    [Fact]
    public void CreateStreamDecoder_EmojiSplitAcrossTokens_HoldsBytesUntilComplete()
    {
        var tokenizer = TokenizerFixtures.Load("gpt2");
        const string text = "a 🚀 東京 é!";
        var ids = tokenizer.Encode(text);
        var decoder = tokenizer.CreateStreamDecoder();
        var output = new StringBuilder();
        foreach (var id in ids)
        {
            var part = decoder.Append(id);
            Assert.DoesNotContain('\uFFFD', part);
            output.Append(part);
        }

        output.Append(decoder.Flush());

        Assert.True(ids.Length > text.Length / 2);
        Assert.Equal(text, output.ToString());
    }

    [Fact]
    public void Decode_UnknownId_Throws()
    {
        var tokenizer = TokenizerFixtures.Load("gpt2");
        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.Decode([tokenizer.VocabSize + 5]));
    }

    [Fact]
    public void Encode_OneMegabyteOfMixedText_RoundTrips()
    {
        var tokenizer = TokenizerFixtures.Load("llama3");
        var corpus = File.ReadAllText(TokenizerFixtures.PathOf("corpus.txt"));
        var sb = new StringBuilder();
        var random = new Random(7);
        while (sb.Length < 1_000_000)
        {
            // Shuffle lines so the piece cache sees realistic reuse rather than one repeated string.
            var lines = corpus.Split('\n');
            sb.Append(lines[random.Next(lines.Length)]).Append(' ').Append(random.Next(100000)).Append('\n');
        }

        var text = sb.ToString();
        var whole = tokenizer.Encode(text);

        Assert.Equal(text, tokenizer.Decode(whole));
    }
}
