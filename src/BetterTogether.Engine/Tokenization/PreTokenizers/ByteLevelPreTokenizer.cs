namespace BetterTogether.Engine.Tokenization.PreTokenizers;

/// <summary>
/// Hugging Face's <c>ByteLevel</c> pre-tokenizer: optionally prepends a space to each piece that does not
/// start with one, and optionally splits with the GPT-2 regex. The byte-to-character mapping itself is
/// applied by the BPE model, which then sees each piece's UTF-8 bytes.
/// </summary>
internal sealed class ByteLevelPreTokenizer : IPreTokenizer
{
    /// <summary>The GPT-2 pre-tokenization pattern used when <c>use_regex</c> is true.</summary>
    public const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    private static readonly Lazy<PatternMatcher> Gpt2 = new(() => PatternMatcher.FromRegex(Gpt2Pattern));

    private readonly bool addPrefixSpace;
    private readonly bool useRegex;

    public ByteLevelPreTokenizer(bool addPrefixSpace, bool useRegex)
    {
        this.addPrefixSpace = addPrefixSpace;
        this.useRegex = useRegex;
    }

    public void Apply(List<Piece> input, List<Piece> output)
    {
        var spans = new List<(int Start, int Length, bool IsMatch)>();
        foreach (var original in input)
        {
            var piece = original;
            if (addPrefixSpace && !piece.Text.StartsWith(' '))
            {
                piece = new Piece(" " + piece.Text, piece.Offset, piece.PrefixLength + 1);
            }

            if (!useRegex)
            {
                output.Add(piece);
                continue;
            }

            spans.Clear();
            var position = 0;
            foreach (var (start, length) in Gpt2.Value.Matches(piece.Text))
            {
                if (start > position)
                {
                    spans.Add((position, start - position, false));
                }

                spans.Add((start, length, true));
                position = start + length;
            }

            if (position < piece.Text.Length)
            {
                spans.Add((position, piece.Text.Length - position, false));
            }

            SplitPreTokenizer.Emit(piece, spans, SplitBehavior.Isolated, output);
        }
    }
}
