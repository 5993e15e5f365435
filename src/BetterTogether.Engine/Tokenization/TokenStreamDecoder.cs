using System.Text;

namespace BetterTogether.Engine.Tokenization;

/// <summary>
/// Decodes ids one at a time for streaming: bytes of a UTF-8 character split across tokens are held
/// until the character is complete, so no U+FFFD appears mid-stream. Not thread-safe (one per stream).
/// </summary>
public sealed class TokenStreamDecoder
{
    private readonly BpeTokenizer tokenizer;
    private readonly bool skipSpecialTokens;
    private readonly Decoder utf8 = Encoding.UTF8.GetDecoder();
    private char[] chars = new char[64];

    internal TokenStreamDecoder(BpeTokenizer tokenizer, bool skipSpecialTokens)
    {
        this.tokenizer = tokenizer;
        this.skipSpecialTokens = skipSpecialTokens;
    }

    /// <summary>Adds one token and returns the text it completes (possibly empty).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The id has no token.</exception>
    public string Append(int id)
    {
        if (skipSpecialTokens && tokenizer.IsSpecial(id))
        {
            return string.Empty;
        }

        return Convert(tokenizer.TokenBytes(id), flush: false);
    }

    /// <summary>Ends the stream: returns any held bytes (an incomplete character becomes U+FFFD) and resets.</summary>
    public string Flush() => Convert([], flush: true);

    private string Convert(byte[] bytes, bool flush)
    {
        var needed = utf8.GetCharCount(bytes, flush) + 2;
        if (chars.Length < needed)
        {
            chars = new char[needed * 2];
        }

        var count = utf8.GetChars(bytes, 0, bytes.Length, chars, 0, flush);
        return new string(chars, 0, count);
    }
}
