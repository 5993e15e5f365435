using BetterTogether.Engine.Model;
using BetterTogether.Storage;

namespace BetterTogether.Trainer.TorchSharp.Tests.Infrastructure;

/// <summary>Tiny random HF model folders (engine writer) with real Qwen2 and Llama 3 tokenizers and chat templates.</summary>
internal static class TinyModelFolders
{
    private static readonly Lazy<string> QwenFolder = new(() => Create("qwen2", TinyModels.Qwen2 with { VocabSize = 479 }));
    private static readonly Lazy<string> LlamaFolder = new(() => Create("llama3", TinyModels.Llama with { VocabSize = 481 }));

    public static string Path(string name) => name == "llama" ? LlamaFolder.Value : QwenFolder.Value;

    /// <summary>Uploads a folder's files under <paramref name="prefix"/>.</summary>
    public static async Task UploadAsync(IArtifactStore store, string folder, string prefix)
    {
        foreach (var file in Directory.GetFiles(folder))
        {
            await store.PutBytesAsync($"{prefix}/{System.IO.Path.GetFileName(file)}", await File.ReadAllBytesAsync(file));
        }
    }

    private static string Create(string fixtures, ModelConfig config)
    {
        var folder = TinyModels.TempFolder();
        LlamaModel.CreateRandom(config, seed: 1, std: 0.2f).Save(folder);
        var source = System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", fixtures);
        File.Copy(System.IO.Path.Combine(source, "tokenizer.json"), System.IO.Path.Combine(folder, "tokenizer.json"));
        File.Copy(System.IO.Path.Combine(source, "tokenizer_config.json"), System.IO.Path.Combine(folder, "tokenizer_config.json"));
        return folder;
    }
}
