using System.Globalization;
using BetterTogether.Engine.Lora;
using BetterTogether.Engine.Model;
using BetterTogether.Engine.Training;

namespace BetterTogether.Cli.Bench;

/// <summary>The model size the LoRA-training and generation sections measure (the same numbers go to the PyTorch script).</summary>
internal static class BenchModel
{
    /// <summary>Gets the training sequence length.</summary>
    public const int SequenceLength = 256;

    /// <summary>Gets the LoRA rank (on every linear projection).</summary>
    public const int Rank = 8;

    /// <summary>Gets LoRA's alpha.</summary>
    public const int Alpha = 16;

    /// <summary>Gets the architecture: Llama, hidden 256, 4 layers, 8 heads, intermediate 688, vocab 2048, untied head.</summary>
    public static ModelConfig Config { get; } = new()
    {
        HiddenSize = 256,
        IntermediateSize = 688,
        NumHiddenLayers = 4,
        NumAttentionHeads = 8,
        NumKeyValueHeads = 8,
        HeadDim = 32,
        VocabSize = 2048,
        MaxPositionEmbeddings = 2048,
        TieWordEmbeddings = false,
    };

    /// <summary>Gets a one-line description of the model size.</summary>
    public static string Description => string.Create(
        CultureInfo.InvariantCulture,
        $"Llama hidden {Config.HiddenSize}, {Config.NumHiddenLayers} layers, {Config.NumAttentionHeads} heads, intermediate {Config.IntermediateSize}, vocab {Config.VocabSize} ({ParameterCount() / 1e6:0.0} M parameters)");

    /// <summary>Creates the random base model.</summary>
    public static LlamaModel CreateModel() => LlamaModel.CreateRandom(Config, seed: 1);

    /// <summary>Creates a LoRA adapter on every linear projection with a small non-zero B (as the PyTorch script does).</summary>
    public static LoraAdapter CreateAdapter()
    {
        var adapter = LoraAdapter.CreateInitialized(Config, new LoraConfig { Rank = Rank, Alpha = Alpha }, seed: 2);
        var rng = new Random(3);
        foreach (var slot in adapter.Slots.Where(s => s.Name.EndsWith("lora_B.weight", StringComparison.Ordinal)))
        {
            for (var i = 0; i < slot.Length; i++)
            {
                adapter.Parameters[slot.Offset + i] = (float)((rng.NextDouble() - 0.5) * 0.02);
            }
        }

        return adapter;
    }

    /// <summary>(<paramref name="steps"/> + 1) × <paramref name="batch"/> random sequences, every token a target (one warm-up step, then the timed ones).</summary>
    public static TrainingSequence[] TrainingData(int batch, int steps)
    {
        var rng = new Random(1);
        var mask = Enumerable.Repeat(true, SequenceLength).ToArray();
        return Enumerable.Range(0, (steps + 1) * batch).Select(_ => new TrainingSequence(RandomTokens(rng, SequenceLength), mask)).ToArray();
    }

    /// <summary>Random token ids in the vocabulary.</summary>
    public static int[] RandomTokens(Random rng, int count)
    {
        var ids = new int[count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = rng.Next(Config.VocabSize);
        }

        return ids;
    }

    private static long ParameterCount()
    {
        long d = Config.HiddenSize, f = Config.IntermediateSize, v = Config.VocabSize;
        return (Config.NumHiddenLayers * ((4 * d * d) + (3 * d * f) + (2 * d))) + (2 * v * d) + d;
    }
}
