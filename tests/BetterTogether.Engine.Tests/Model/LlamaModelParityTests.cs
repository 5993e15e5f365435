using BetterTogether.Engine.Model;

namespace BetterTogether.Engine.Tests.Model;

public sealed class LlamaModelParityTests
{
    [Theory]
    [InlineData("tiny_llama")]
    [InlineData("tiny_qwen2")]
    public void Forward_TinyModel_MatchesPyTorchLogits(string name)
    {
        var model = LlamaModel.Load(Fixtures.Folder(name));
        var exp = Fixtures.Expected(name);
        var logits = model.Forward(Fixtures.Ints(exp["input_ids"]));
        Fixtures.AssertClose(exp["logits"], logits, 1e-4f, "logits");
    }

    [Theory]
    [InlineData("tiny_llama")]
    [InlineData("tiny_qwen2")]
    public void Forward_KvCacheDecode_EqualsFullForward(string name)
    {
        var model = LlamaModel.Load(Fixtures.Folder(name));
        var ids = Fixtures.Ints(Fixtures.Expected(name)["input_ids"]);
        var full = model.Forward(ids);
        var cache = model.CreateCache(initialCapacity: 2);
        var v = model.Config.VocabSize;
        var prefill = model.Forward(ids.AsSpan(0, 5), cache, allLogits: true);
        Fixtures.AssertClose(full.AsSpan(0, 5 * v), prefill, 1e-5f, "prefill");
        for (var t = 5; t < ids.Length; t++)
        {
            var step = model.Forward(ids.AsSpan(t, 1), cache);
            Fixtures.AssertClose(full.AsSpan(t * v, v), step, 1e-5f, $"decode position {t}");
        }

        Assert.Equal(ids.Length, cache.Length);
    }

    [Fact]
    public void Forward_PromptLongerThanContext_ThrowsNamingContext()
    {
        var model = LlamaModel.Load(Fixtures.Folder("tiny_llama"));
        var ids = new int[model.Config.MaxPositionEmbeddings + 1];
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => model.Forward(ids));
        Assert.Contains("max_position_embeddings", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Forward_TokenOutsideVocabulary_Throws()
    {
        var model = LlamaModel.Load(Fixtures.Folder("tiny_llama"));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Forward([1, model.Config.VocabSize]));
    }
}
