using BetterTogether.Engine.Model;
using BetterTogether.Engine.Tokenization.Training;

namespace BetterTogether.Cli.Tests.Optimize;

/// <summary>A random-weight Llama with a BPE tokenizer trained on task-like text, written as an HF folder once per test run.</summary>
internal static class TinyModelFolder
{
    private static readonly Lazy<string> Folder = new(Create);

    /// <summary>The folder (config.json, model.safetensors, tokenizer.json, tokenizer_config.json).</summary>
    public static string Path => Folder.Value;

    private static string Create()
    {
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "bt-cli-tests", $"tiny-model-{Environment.ProcessId}");
        var corpus = new[]
        {
            "[[ ## sepal_length ## ]] 5.1 [[ ## sepal_width ## ]] 3.5 [[ ## petal_length ## ]] 1.4 [[ ## petal_width ## ]] 0.2",
            "[[ ## reasoning ## ]] The petals are short, so it is setosa. [[ ## species ## ]] setosa [[ ## completed ## ]]",
            "[[ ## question ## ]] Tom has 3 apples and buys 4 more. How many apples does he have? [[ ## answer ## ]] 7",
            "[[ ## query ## ]] Who founded the city where Ada was born? [[ ## passages ## ]] [1] Ada was born in Lorn.",
            "Your input fields are: Your output fields are: All interactions will be structured in the following way, with the appropriate values filled in.",
            "versicolor virginica setosa label answer context 0 1 2 3 4 5 6 7 8 9",
        };
        var bpe = BpeTrainer.Train(Enumerable.Repeat(corpus, 4).SelectMany(c => c), new BpeTrainerOptions { VocabSize = 360, MinFrequency = 1 });
        var tokenizer = bpe.ToTokenizer();
        var config = new ModelConfig
        {
            ModelType = "llama",
            HiddenSize = 32,
            IntermediateSize = 64,
            NumHiddenLayers = 1,
            NumAttentionHeads = 2,
            NumKeyValueHeads = 1,
            HeadDim = 16,
            VocabSize = tokenizer.VocabSize,
            MaxPositionEmbeddings = 4096,
            TieWordEmbeddings = true,
            EosTokenIds = [tokenizer.TokenToId("<|im_end|>") ?? throw new InvalidOperationException("no <|im_end|>")],
        };
        LlamaModel.CreateRandom(config, seed: 7).Save(folder);
        bpe.Save(folder, new TokenizerSaveOptions { ModelMaxLength = 4096 });
        return folder;
    }
}
