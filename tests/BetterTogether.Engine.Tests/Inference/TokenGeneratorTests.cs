using System.Numerics.Tensors;
using BetterTogether.Engine.Inference;
using BetterTogether.Engine.Model;

namespace BetterTogether.Engine.Tests.Inference;

public sealed class TokenGeneratorTests
{
    private static readonly LlamaModel Model = LlamaModel.Load(Fixtures.Folder("tiny_qwen2"));
    private static readonly int[] Prompt = [1, 10, 20, 30];

    [Fact]
    public void Generate_Greedy_EqualsArgmaxOfFullForward()
    {
        var result = new TokenGenerator(Model).Generate(Prompt, new SamplingOptions { MaxNewTokens = 6 });
        var seq = Prompt.ToList();
        var v = Model.Config.VocabSize;
        for (var i = 0; i < 6; i++)
        {
            var logits = Model.Forward(seq.ToArray());
            seq.Add(TensorPrimitives.IndexOfMax(logits.AsSpan((seq.Count - 1) * v, v)));
        }

        Assert.Equal(seq.Skip(Prompt.Length), result.Tokens);
        Assert.Equal(FinishReason.Length, result.FinishReason);
        Assert.Equal(Prompt.Length, result.PromptTokenCount);
    }

    [Fact]
    public void Generate_StopToken_EndsBeforeIt()
    {
        var generator = new TokenGenerator(Model);
        var free = generator.Generate(Prompt, new SamplingOptions { MaxNewTokens = 5 });
        var stop = free.Tokens[2];
        var stopped = generator.Generate(Prompt, new SamplingOptions { MaxNewTokens = 5, StopTokenIds = [stop] });
        Assert.Equal(FinishReason.Stop, stopped.FinishReason);
        Assert.Equal(free.Tokens.TakeWhile(t => t != stop), stopped.Tokens);
    }

    [Fact]
    public void Generate_SeededSampling_ReproducibleAndSeedDependent()
    {
        var generator = new TokenGenerator(Model);
        SamplingOptions Opts(int seed) => new() { MaxNewTokens = 12, Temperature = 1.5, TopP = 0.95, Seed = seed };
        var a = generator.Generate(Prompt, Opts(1));
        var b = generator.Generate(Prompt, Opts(1));
        Assert.Equal(a.Tokens, b.Tokens);
        var others = Enumerable.Range(2, 4).Select(s => generator.Generate(Prompt, Opts(s)).Tokens);
        Assert.Contains(others, o => !o.SequenceEqual(a.Tokens));
    }

    [Fact]
    public void Generate_CallbackReturnsFalse_StopsWithTokensSoFar()
    {
        var seen = new List<int>();
        var result = new TokenGenerator(Model).Generate(Prompt, new SamplingOptions { MaxNewTokens = 10 }, onToken: t =>
        {
            seen.Add(t);
            return seen.Count < 3;
        });
        Assert.Equal(3, result.Tokens.Count);
        Assert.Equal(seen, result.Tokens);
    }

    [Fact]
    public void Generate_ReachesContext_FinishesWithLength()
    {
        var prompt = Enumerable.Repeat(5, Model.Config.MaxPositionEmbeddings - 2).ToArray();
        var result = new TokenGenerator(Model).Generate(prompt, new SamplingOptions { MaxNewTokens = 50 });
        Assert.Equal(FinishReason.Length, result.FinishReason);
        Assert.Equal(3, result.Tokens.Count);
    }

    [Fact]
    public void Generate_PromptLongerThanContext_Throws()
    {
        var prompt = new int[Model.Config.MaxPositionEmbeddings + 1];
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenGenerator(Model).Generate(prompt, new SamplingOptions()));
    }
}
