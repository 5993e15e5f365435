namespace BetterTogether.Engine.Tokenization.Training;

/// <summary>The result of <see cref="BpeTrainer"/>: a byte-level BPE vocabulary and its ranked merges.</summary>
public sealed class TrainedBpe
{
    internal TrainedBpe(IReadOnlyList<string> tokens, IReadOnlyList<(string Left, string Right)> merges, IReadOnlyList<string> specialTokens, string pattern)
    {
        Tokens = tokens;
        Merges = merges;
        SpecialTokens = specialTokens;
        Pattern = pattern;
    }

    /// <summary>Token strings by id (byte-level form): special tokens, the 256 byte tokens, then one per merge.</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>The merges in rank order.</summary>
    public IReadOnlyList<(string Left, string Right)> Merges { get; }

    /// <summary>The special tokens (ids 0..).</summary>
    public IReadOnlyList<string> SpecialTokens { get; }

    /// <summary>The Split pre-tokenizer regex used in training.</summary>
    public string Pattern { get; }

    /// <summary>The <c>tokenizer.json</c> text for this vocabulary.</summary>
    public string ToTokenizerJson() => TokenizerJsonWriter.ToJson(this);

    /// <summary>Writes <c>tokenizer.json</c> and <c>tokenizer_config.json</c> into <paramref name="directory"/> (created if missing).</summary>
    public void Save(string directory, TokenizerSaveOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        options ??= new TokenizerSaveOptions();
        var specials = SpecialTokens;
        var chatMl = specials.Contains("<|im_start|>") && specials.Contains("<|im_end|>");
        var resolved = new TokenizerSaveOptions
        {
            BosToken = options.BosToken,
            EosToken = options.EosToken ?? (specials.Contains("<|im_end|>") ? "<|im_end|>" : specials.FirstOrDefault()),
            PadToken = options.PadToken ?? (specials.Contains("<|endoftext|>") ? "<|endoftext|>" : null),
            ChatTemplate = options.ChatTemplate ?? (chatMl ? TokenizerJsonWriter.ChatMLTemplate : null),
            ModelMaxLength = options.ModelMaxLength,
        };
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "tokenizer.json"), ToTokenizerJson());
        File.WriteAllText(Path.Combine(directory, "tokenizer_config.json"), TokenizerJsonWriter.ConfigJson(this, resolved));
    }

    /// <summary>A tokenizer that encodes with this vocabulary (read back through the same reader as any tokenizer.json).</summary>
    public BpeTokenizer ToTokenizer() => BpeTokenizer.FromJson(ToTokenizerJson(), "trained tokenizer.json");
}
