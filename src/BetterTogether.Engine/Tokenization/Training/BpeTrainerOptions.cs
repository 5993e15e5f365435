namespace BetterTogether.Engine.Tokenization.Training;

/// <summary>Settings of <see cref="BpeTrainer"/>.</summary>
public sealed class BpeTrainerOptions
{
    /// <summary>The Qwen2 pre-tokenization pattern (single digits, case-insensitive contractions): the default.</summary>
    public const string Qwen2Pattern = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>Total vocabulary size: special tokens + 256 byte tokens + merges. Default 4096.</summary>
    public int VocabSize { get; init; } = 4096;

    /// <summary>Special tokens, given ids 0.. in this order; never split and never learned from the corpus.</summary>
    public IReadOnlyList<string> SpecialTokens { get; init; } = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"];

    /// <summary>A pair seen fewer times than this is not merged. Default 2.</summary>
    public int MinFrequency { get; init; } = 2;

    /// <summary>The Split pre-tokenizer's regex (Oniguruma syntax, as written to tokenizer.json).</summary>
    public string Pattern { get; init; } = Qwen2Pattern;

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">VocabSize or MinFrequency is too small.</exception>
    /// <exception cref="ArgumentException">A special token is empty or repeated, or the pattern is empty.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(SpecialTokens);
        if (VocabSize < 256 + SpecialTokens.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(VocabSize), VocabSize, $"Must be at least 256 + {SpecialTokens.Count} special tokens.");
        }

        if (MinFrequency < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinFrequency), MinFrequency, "Must be at least 1.");
        }

        if (SpecialTokens.Any(string.IsNullOrEmpty) || SpecialTokens.Distinct(StringComparer.Ordinal).Count() != SpecialTokens.Count)
        {
            throw new ArgumentException("Special tokens must be non-empty and distinct.", nameof(SpecialTokens));
        }

        ArgumentException.ThrowIfNullOrEmpty(Pattern, nameof(Pattern));
    }
}
