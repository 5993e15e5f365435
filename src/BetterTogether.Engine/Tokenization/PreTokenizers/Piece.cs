namespace BetterTogether.Engine.Tokenization.PreTokenizers;

/// <summary>A pre-token: its text and where it starts in the encoded string (for offsets).</summary>
/// <param name="Text">The piece's text (may start with an added prefix space).</param>
/// <param name="Offset">Index in the source string of the piece's first source character.</param>
/// <param name="PrefixLength">Characters at the start of <paramref name="Text"/> that have no source (an added prefix space).</param>
internal readonly record struct Piece(string Text, int Offset, int PrefixLength = 0)
{
    /// <summary>A sub-piece of this piece's text, <paramref name="length"/> characters from <paramref name="start"/>.</summary>
    public Piece Slice(int start, int length)
    {
        var prefix = Math.Max(0, PrefixLength - start);
        var offset = Offset + Math.Max(0, start - PrefixLength);
        return new Piece(Text.Substring(start, length), offset, Math.Min(prefix, length));
    }
}
