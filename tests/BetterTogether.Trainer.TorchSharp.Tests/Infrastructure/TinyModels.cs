using BetterTogether.Engine.Lora;
using BetterTogether.Engine.Model;
using BetterTogether.Engine.Training;

namespace BetterTogether.Trainer.TorchSharp.Tests.Infrastructure;

/// <summary>Tiny random Llama and Qwen2 models (engine-made), their PEFT-initialised adapters and random masked sequences.</summary>
internal static class TinyModels
{
    /// <summary>Llama: grouped-query attention, untied head, llama3 RoPE scaling (short original context so it applies).</summary>
    public static ModelConfig Llama { get; } = new()
    {
        ModelType = "llama",
        HiddenSize = 64,
        IntermediateSize = 96,
        NumHiddenLayers = 2,
        NumAttentionHeads = 4,
        NumKeyValueHeads = 2,
        HeadDim = 16,
        VocabSize = 101,
        MaxPositionEmbeddings = 128,
        RopeTheta = 500000,
        RopeScaling = new RopeScaling("llama3", 8, 1, 4, 16),
        TieWordEmbeddings = false,
    };

    /// <summary>Qwen2: q/k/v biases, one kv head, tied embeddings.</summary>
    public static ModelConfig Qwen2 { get; } = new()
    {
        ModelType = "qwen2",
        HiddenSize = 48,
        IntermediateSize = 80,
        NumHiddenLayers = 2,
        NumAttentionHeads = 3,
        NumKeyValueHeads = 1,
        HeadDim = 16,
        VocabSize = 89,
        MaxPositionEmbeddings = 128,
        RopeTheta = 1000000,
        TieWordEmbeddings = true,
        QkvBias = true,
    };

    public static TheoryData<string> Names { get; } = ["llama", "qwen2"];

    public static ModelConfig Config(string name) => name == "llama" ? Llama : Qwen2;

    /// <summary>Random weights (biases too, so they matter), seeded.</summary>
    public static LlamaModel Model(string name)
    {
        var model = LlamaModel.CreateRandom(Config(name), seed: 11, std: 0.08f);
        var rng = new Random(5);
        foreach (var slot in model.Layout.Slots.Where(s => s.Name.EndsWith(".bias", StringComparison.Ordinal)))
        {
            for (var i = 0; i < slot.Length; i++)
            {
                model.Weights[slot.Offset + i] = (float)((rng.NextDouble() - 0.5) * 0.1);
            }
        }

        return model;
    }

    public static LoraConfig Lora(double dropout = 0, IReadOnlyList<LinearModule>? targets = null) =>
        new() { Rank = 4, Alpha = 8, Dropout = dropout, TargetModules = targets ?? LinearModules.All, BaseModelNameOrPath = "tiny" };

    /// <summary>Random sequences of 6…24 tokens whose second part is the target (as an assistant reply would be).</summary>
    public static IReadOnlyList<TrainingSequence> Sequences(ModelConfig config, int count, int seed = 3)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var n = rng.Next(6, 25);
            var tokens = Enumerable.Range(0, n).Select(_ => rng.Next(config.VocabSize)).ToArray();
            var promptLength = rng.Next(2, n - 1);
            return new TrainingSequence(tokens, tokens.Select((_, i) => i >= promptLength).ToArray());
        }).ToList();
    }

    public static string TempFolder() => Directory.CreateTempSubdirectory("bt-torchsharp-").FullName;
}
