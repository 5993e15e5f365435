using System.Text;

namespace BetterTogether.Engine.Tokenization.PreTokenizers;

/// <summary>Hugging Face's <c>Digits</c> pre-tokenizer: numeric characters become pieces of their own, one per digit or one per run.</summary>
internal sealed class DigitsPreTokenizer : IPreTokenizer
{
    private readonly bool individualDigits;

    public DigitsPreTokenizer(bool individualDigits) => this.individualDigits = individualDigits;

    public void Apply(List<Piece> input, List<Piece> output)
    {
        var spans = new List<(int Start, int Length, bool IsMatch)>();
        foreach (var piece in input)
        {
            spans.Clear();
            var text = piece.Text;
            var i = 0;
            while (i < text.Length)
            {
                var rune = Rune.GetRuneAt(text, i);
                var isDigit = Rune.IsNumber(rune);
                var length = rune.Utf16SequenceLength;
                if (spans.Count > 0 && spans[^1].IsMatch == isDigit && !(isDigit && individualDigits))
                {
                    var last = spans[^1];
                    spans[^1] = (last.Start, last.Length + length, isDigit);
                }
                else
                {
                    spans.Add((i, length, isDigit));
                }

                i += length;
            }

            SplitPreTokenizer.Emit(piece, spans, SplitBehavior.Isolated, output);
        }
    }
}
