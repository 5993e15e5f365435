using BetterTogether.Engine.ChatTemplates;
using BetterTogether.Engine.Model;
using BetterTogether.Engine.Serving;
using BetterTogether.Engine.Tests.Tokenization;

namespace BetterTogether.Engine.Tests.Serving;

/// <summary>A random tiny Qwen2-shaped model over the Qwen2 tokenizer fixture with the ChatML template.</summary>
internal static class TinyChatModel
{
    public static LocalModel Create(int context = 256)
    {
        var config = new ModelConfig
        {
            ModelType = "qwen2",
            HiddenSize = 32,
            IntermediateSize = 64,
            NumHiddenLayers = 1,
            NumAttentionHeads = 2,
            NumKeyValueHeads = 1,
            HeadDim = 16,
            VocabSize = 479,
            MaxPositionEmbeddings = context,
            TieWordEmbeddings = true,
            QkvBias = true,
        };
        return new LocalModel("tiny-chat", LlamaModel.CreateRandom(config, seed: 1, std: 0.5f), TokenizerFixtures.Load("qwen2"), ChatTemplate.Create(ChatTemplateFamily.ChatML));
    }
}
