namespace BetterTogether.Engine.Tokenization.PreTokenizers;

/// <summary>Hugging Face's <c>Split</c> pre-tokenizer: a regex or literal pattern, a delimiter behavior and an optional inversion.</summary>
internal sealed class SplitPreTokenizer : IPreTokenizer
{
    private readonly PatternMatcher matcher;
    private readonly SplitBehavior behavior;
    private readonly bool invert;

    public SplitPreTokenizer(PatternMatcher matcher, SplitBehavior behavior, bool invert)
    {
        this.matcher = matcher;
        this.behavior = behavior;
        this.invert = invert;
    }

    public void Apply(List<Piece> input, List<Piece> output)
    {
        var spans = new List<(int Start, int Length, bool IsMatch)>();
        foreach (var piece in input)
        {
            spans.Clear();
            var position = 0;
            foreach (var (start, length) in matcher.Matches(piece.Text))
            {
                if (start > position)
                {
                    spans.Add((position, start - position, invert));
                }

                spans.Add((start, length, !invert));
                position = start + length;
            }

            if (position < piece.Text.Length)
            {
                spans.Add((position, piece.Text.Length - position, invert));
            }

            Emit(piece, spans, behavior, output);
        }
    }

    /// <summary>Turns a piece's matched/unmatched spans into pieces per <paramref name="behavior"/>.</summary>
    internal static void Emit(Piece piece, List<(int Start, int Length, bool IsMatch)> spans, SplitBehavior behavior, List<Piece> output)
    {
        var merged = new List<(int Start, int Length)>();
        switch (behavior)
        {
            case SplitBehavior.Removed:
                foreach (var s in spans)
                {
                    if (!s.IsMatch)
                    {
                        merged.Add((s.Start, s.Length));
                    }
                }

                break;
            case SplitBehavior.Isolated:
                foreach (var s in spans)
                {
                    merged.Add((s.Start, s.Length));
                }

                break;
            case SplitBehavior.MergedWithPrevious:
                var previousWasMatch = true;
                foreach (var s in spans)
                {
                    if (s.IsMatch && merged.Count > 0 && !previousWasMatch)
                    {
                        var last = merged[^1];
                        merged[^1] = (last.Start, last.Length + s.Length);
                    }
                    else
                    {
                        merged.Add((s.Start, s.Length));
                    }

                    previousWasMatch = s.IsMatch;
                }

                break;
            case SplitBehavior.MergedWithNext:
                var pendingMatch = false;
                foreach (var s in spans)
                {
                    if (pendingMatch && !s.IsMatch)
                    {
                        var last = merged[^1];
                        merged[^1] = (last.Start, last.Length + s.Length);
                    }
                    else
                    {
                        merged.Add((s.Start, s.Length));
                    }

                    pendingMatch = s.IsMatch;
                }

                break;
            case SplitBehavior.Contiguous:
                var previousMatch = false;
                foreach (var s in spans)
                {
                    if (s.IsMatch && previousMatch)
                    {
                        var last = merged[^1];
                        merged[^1] = (last.Start, last.Length + s.Length);
                    }
                    else
                    {
                        merged.Add((s.Start, s.Length));
                    }

                    previousMatch = s.IsMatch;
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(behavior), behavior, "Unknown split behavior.");
        }

        foreach (var (start, length) in merged)
        {
            if (length > 0)
            {
                output.Add(start == 0 && length == piece.Text.Length ? piece : piece.Slice(start, length));
            }
        }
    }
}
