namespace BetterTogether.Engine.Tokenization.PreTokenizers;

/// <summary>Hugging Face's <c>Sequence</c> pre-tokenizer: each step splits the pieces the previous step produced.</summary>
internal sealed class SequencePreTokenizer : IPreTokenizer
{
    private readonly IPreTokenizer[] steps;

    public SequencePreTokenizer(IReadOnlyList<IPreTokenizer> steps) => this.steps = [.. steps];

    public void Apply(List<Piece> input, List<Piece> output)
    {
        var current = input;
        for (var s = 0; s < steps.Length; s++)
        {
            var next = s == steps.Length - 1 ? output : new List<Piece>();
            steps[s].Apply(current, next);
            current = next;
        }

        if (steps.Length == 0)
        {
            output.AddRange(input);
        }
    }
}
