using BetterTogether.Engine.ChatTemplates;
using BetterTogether.Engine.Model;
using BetterTogether.Engine.Tokenization;

namespace BetterTogether.Engine.Serving;

/// <summary>A model ready for chat: weights, tokenizer and chat template, as found in an HF model folder.</summary>
public sealed class LocalModel
{
    /// <summary>Combines the parts of a model.</summary>
    /// <param name="name">The model id clients ask for.</param>
    /// <param name="model">The weights.</param>
    /// <param name="tokenizer">The tokenizer (its ids must fit the model's vocabulary).</param>
    /// <param name="template">The chat template.</param>
    /// <exception cref="ModelFormatException">The tokenizer has more ids than the model's vocabulary.</exception>
    public LocalModel(string name, LlamaModel model, BpeTokenizer tokenizer, ChatTemplate template)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(template);
        if (tokenizer.VocabSize > model.Config.VocabSize)
        {
            throw new ModelFormatException($"{name}: the tokenizer has {tokenizer.VocabSize} ids but the model's vocab_size is {model.Config.VocabSize}.");
        }

        Name = name;
        Model = model;
        Tokenizer = tokenizer;
        Template = template;
        StopTokenIds = template.StopTokenIds(tokenizer).Concat(model.Config.EosTokenIds).Where(id => id < model.Config.VocabSize).Distinct().ToArray();
    }

    /// <summary>The model id.</summary>
    public string Name { get; }

    /// <summary>The weights.</summary>
    public LlamaModel Model { get; }

    /// <summary>The tokenizer.</summary>
    public BpeTokenizer Tokenizer { get; }

    /// <summary>The chat template.</summary>
    public ChatTemplate Template { get; }

    /// <summary>Ids that end an assistant turn (template end-of-turn tokens and config EOS ids).</summary>
    public IReadOnlyList<int> StopTokenIds { get; }

    /// <summary>Loads <c>config.json</c>, weights, <c>tokenizer.json</c> and <c>tokenizer_config.json</c> from a folder.</summary>
    /// <param name="folder">The HF model folder.</param>
    /// <param name="name">The model id (default: <see cref="IdOf"/> the folder).</param>
    /// <returns>The model.</returns>
    public static LocalModel Load(string folder, string? name = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var model = LlamaModel.Load(folder);
        var tokenizer = BpeTokenizer.Load(Path.Combine(folder, "tokenizer.json"));
        var template = ChatTemplate.FromTokenizerConfig(Path.Combine(folder, "tokenizer_config.json"));
        return new LocalModel(name ?? IdOf(folder), model, tokenizer, template);
    }

    /// <summary>
    /// The model id of a model folder, the one rule every host uses: <c>{folder name}@{content fingerprint}</c>
    /// (<see cref="ModelFingerprint"/>). LM-cache keys and derived run ids carry it, so a model retrained in place gets
    /// fresh ones instead of the old model's, and <c>bt serve</c>, <c>bt optimize</c> and any other host give the same
    /// folder the same id.
    /// </summary>
    /// <param name="folder">The HF model folder.</param>
    /// <returns>E.g. <c>bt-tiny@3fa81c20d1e4</c>.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static string IdOf(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        return $"{new DirectoryInfo(full).Name}@{ModelFingerprint.Compute(full)}";
    }
}
