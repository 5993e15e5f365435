using System.Text.Json;
using BetterTogether.Engine.ChatTemplates;
using BetterTogether.Engine.Tokenization;
using BetterTogether.Engine.Tokenization.Training;

namespace BetterTogether.Engine.Tests.Tokenization.Training;

public sealed class BpeTrainerTests
{
    private static string Corpus => File.ReadAllText(TokenizerFixtures.PathOf("corpus.txt"));

    [Fact]
    public void Train_FixtureCorpus_MatchesPythonReferenceMerges()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TokenizerFixtures.PathOf("trained_merges.json")));
        var expected = doc.RootElement.GetProperty("merges").EnumerateArray().Select(m => (m[0].GetString()!, m[1].GetString()!)).ToList();

        var trained = BpeTrainer.Train([Corpus], new BpeTrainerOptions { VocabSize = 256 + expected.Count, SpecialTokens = [], MinFrequency = 1 });

        Assert.Equal(expected, trained.Merges);
    }

    [Fact]
    public void Train_SameInputTwice_WritesIdenticalJson()
    {
        var a = BpeTrainer.Train([Corpus], 400, ["<|endoftext|>"]).ToTokenizerJson();
        var b = BpeTrainer.Train([Corpus], 400, ["<|endoftext|>"]).ToTokenizerJson();

        Assert.Equal(a, b);
    }

    [Fact]
    public void Train_VocabSize_IsReachedExactlyWithSpecialsFirst()
    {
        var trained = BpeTrainer.Train([Corpus], new BpeTrainerOptions { VocabSize = 300, MinFrequency = 1 });

        Assert.Equal(300, trained.Tokens.Count);
        Assert.Equal(["<|endoftext|>", "<|im_start|>", "<|im_end|>"], trained.Tokens.Take(3));
    }

    [Fact]
    public void Train_SpecialTokensInCorpus_AreNotLearned()
    {
        var corpus = Enumerable.Repeat("<|im_start|>user hello<|im_end|>", 50);

        var trained = BpeTrainer.Train(corpus, new BpeTrainerOptions { VocabSize = 320 });

        Assert.DoesNotContain(trained.Tokens.Skip(3), t => t.Contains("im_", StringComparison.Ordinal));
    }

    [Fact]
    public void ToTokenizer_TrainedVocabulary_RoundTripsAndCompresses()
    {
        var tokenizer = BpeTrainer.Train([Corpus], 500, ["<|endoftext|>"]).ToTokenizer();
        const string text = "The lazy dog didn't see 東京 🎉 in 2024.\n\tDone.";

        var ids = tokenizer.Encode(text);

        Assert.Equal(text, tokenizer.Decode(ids));
        Assert.True(ids.Length < System.Text.Encoding.UTF8.GetByteCount(text) / 2, $"{ids.Length} tokens");
    }

    [Fact]
    public void Save_Directory_LoadsBackWithChatMLTemplate()
    {
        var dir = Path.Combine(Path.GetTempPath(), "bt-tok-" + Guid.NewGuid().ToString("N"));
        try
        {
            var trained = BpeTrainer.Train([Corpus], new BpeTrainerOptions { VocabSize = 400 });
            trained.Save(dir);

            var tokenizer = BpeTokenizer.Load(Path.Combine(dir, "tokenizer.json"));
            var template = ChatTemplate.FromTokenizerConfig(Path.Combine(dir, "tokenizer_config.json"));
            var config = TokenizerConfig.Load(Path.Combine(dir, "tokenizer_config.json"));

            Assert.Equal(ChatTemplateFamily.ChatML, template.Family);
            Assert.Null(template.DefaultSystemPrompt);
            Assert.Equal("<|im_end|>", config.EosToken);
            Assert.Equal("<|endoftext|>", config.PadToken);
            Assert.Equal(trained.ToTokenizer().Encode(Corpus), tokenizer.Encode(Corpus));
            Assert.Equal([2], template.StopTokenIds(tokenizer).Take(1));
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    [Fact]
    public void Train_InvalidOptions_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BpeTrainer.Train(["x"], 100, []));
        Assert.Throws<ArgumentException>(() => BpeTrainer.Train(["x"], 400, ["<a>", "<a>"]));
    }
}
