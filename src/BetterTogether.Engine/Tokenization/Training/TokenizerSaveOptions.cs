namespace BetterTogether.Engine.Tokenization.Training;

/// <summary>What <see cref="TrainedBpe.Save(string, TokenizerSaveOptions?)"/> writes to <c>tokenizer_config.json</c>.</summary>
public sealed class TokenizerSaveOptions
{
    /// <summary>The BOS token text (null: none, as Qwen2).</summary>
    public string? BosToken { get; init; }

    /// <summary>The EOS token text (null: <c>&lt;|im_end|&gt;</c> when it is a special token, else the first special token).</summary>
    public string? EosToken { get; init; }

    /// <summary>The padding token text (null: <c>&lt;|endoftext|&gt;</c> when it is a special token).</summary>
    public string? PadToken { get; init; }

    /// <summary>The Jinja chat template (null: a ChatML template when <c>&lt;|im_start|&gt;</c> and <c>&lt;|im_end|&gt;</c> are special tokens).</summary>
    public string? ChatTemplate { get; init; }

    /// <summary>The model's context length. Default 2048.</summary>
    public int ModelMaxLength { get; init; } = 2048;
}
