namespace BetterTogether.Engine.Tokenization.PreTokenizers;

/// <summary>One step of pre-tokenization: splits each input piece into smaller pieces.</summary>
internal interface IPreTokenizer
{
    /// <summary>Appends to <paramref name="output"/> the pieces that <paramref name="input"/> splits into, in order.</summary>
    void Apply(List<Piece> input, List<Piece> output);
}
