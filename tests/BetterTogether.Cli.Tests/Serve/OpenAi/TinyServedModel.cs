using BetterTogether.Engine.ChatTemplates;
using BetterTogether.Engine.Lora;
using BetterTogether.Engine.Model;
using BetterTogether.Engine.Peft;
using BetterTogether.Engine.Serving;
using BetterTogether.Engine.Tokenization.Training;

namespace BetterTogether.Cli.Tests.Serve.OpenAi;

/// <summary>A random tiny Llama with a BPE tokenizer trained here and the ChatML template; built once per test run.</summary>
internal static class TinyServedModel
{
    public const string Name = "tiny-base";

    private static readonly Lazy<LocalModel> Shared = new(Create);

    public static LocalModel Model => Shared.Value;

    /// <summary>Saves a PEFT adapter with a non-zero B (so it changes outputs) into a fresh temporary folder.</summary>
    public static string SaveAdapter(int seed)
    {
        var adapter = LoraAdapter.CreateInitialized(Model.Model.Config, new LoraConfig { Rank = 4 }, seed);
        var rng = new Random(seed + 1);
        foreach (var slot in adapter.Slots.Where(s => s.Name.EndsWith("lora_B.weight", StringComparison.Ordinal)))
        {
            for (var i = 0; i < slot.Length; i++)
            {
                adapter.Parameters[slot.Offset + i] = (float)(rng.NextDouble() - 0.5) * 4;
            }
        }

        var folder = Path.Combine(Path.GetTempPath(), "bt-serve-tests", Guid.NewGuid().ToString("N"));
        PeftAdapter.Save(adapter, folder);
        return folder;
    }

    private static LocalModel Create()
    {
        string[] corpus =
        [
            "What is two plus three? Five.", "The iris has petals and sepals.", "Answer the question briefly.",
            "You are a helpful assistant.", "Setosa, versicolor and virginica are species.", "Seven times six is forty-two.",
        ];
        var bpe = BpeTrainer.Train(Enumerable.Repeat(corpus, 4).SelectMany(x => x), 320, ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]);
        var tokenizer = bpe.ToTokenizer();
        var config = new ModelConfig
        {
            HiddenSize = 32,
            IntermediateSize = 64,
            NumHiddenLayers = 1,
            NumAttentionHeads = 2,
            NumKeyValueHeads = 1,
            HeadDim = 16,
            VocabSize = tokenizer.VocabSize,
            MaxPositionEmbeddings = 256,
            TieWordEmbeddings = true,
        };
        return new LocalModel(Name, LlamaModel.CreateRandom(config, seed: 7, std: 0.5f), tokenizer, ChatTemplate.Create(ChatTemplateFamily.ChatML));
    }
}
