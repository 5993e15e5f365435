using BetterTogether.Engine.Model;
using BetterTogether.Storage;

namespace BetterTogether.TrainingJobs.Tests.Infrastructure;

/// <summary>A random tiny Qwen2-shaped HF model folder (engine writer) with the Qwen2 tokenizer and ChatML template fixtures.</summary>
internal static class TinyModelFolder
{
    public static ModelConfig Config { get; } = new()
    {
        ModelType = "qwen2",
        HiddenSize = 32,
        IntermediateSize = 64,
        NumHiddenLayers = 1,
        NumAttentionHeads = 2,
        NumKeyValueHeads = 1,
        HeadDim = 16,
        VocabSize = 479,
        MaxPositionEmbeddings = 256,
        TieWordEmbeddings = true,
        QkvBias = true,
    };

    private static readonly Lazy<string> Folder = new(Create);

    public static string Path => Folder.Value;

    /// <summary>Uploads the folder's files under <paramref name="prefix"/>.</summary>
    public static async Task UploadAsync(IArtifactStore store, string prefix)
    {
        foreach (var file in Directory.GetFiles(Path))
        {
            await store.PutBytesAsync($"{prefix}/{System.IO.Path.GetFileName(file)}", await File.ReadAllBytesAsync(file));
        }
    }

    private static string Create()
    {
        var folder = Directory.CreateTempSubdirectory("bt-tiny-model-").FullName;
        LlamaModel.CreateRandom(Config, seed: 1, std: 0.5f).Save(folder);
        var fixtures = System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures");
        File.Copy(System.IO.Path.Combine(fixtures, "tokenizer.json"), System.IO.Path.Combine(folder, "tokenizer.json"));
        File.Copy(System.IO.Path.Combine(fixtures, "tokenizer_config.json"), System.IO.Path.Combine(folder, "tokenizer_config.json"));
        return folder;
    }
}
