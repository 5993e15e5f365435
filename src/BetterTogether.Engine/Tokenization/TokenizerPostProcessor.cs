namespace BetterTogether.Engine.Tokenization;

/// <summary>What <c>post_processor</c> adds around a single sequence when special tokens are requested (e.g. Llama-3's BOS).</summary>
/// <param name="Prefix">Ids placed before the sequence.</param>
/// <param name="Suffix">Ids placed after the sequence.</param>
internal sealed record TokenizerPostProcessor(int[] Prefix, int[] Suffix)
{
    public static TokenizerPostProcessor None { get; } = new([], []);

    /// <summary>The processor that applies this one, then <paramref name="next"/>.</summary>
    public TokenizerPostProcessor Then(TokenizerPostProcessor next) => new([.. next.Prefix, .. Prefix], [.. Suffix, .. next.Suffix]);
}
