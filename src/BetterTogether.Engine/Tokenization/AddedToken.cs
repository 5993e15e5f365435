namespace BetterTogether.Engine.Tokenization;

/// <summary>An entry of <c>tokenizer.json</c>'s <c>added_tokens</c>: matched in the raw text before pre-tokenization.</summary>
/// <param name="Id">The token id.</param>
/// <param name="Content">The exact text of the token.</param>
/// <param name="Special">A special token (skipped by <see cref="BpeTokenizer.Decode(ReadOnlySpan{int}, bool)"/> when asked).</param>
/// <param name="SingleWord">Matches only when not inside a word.</param>
/// <param name="LStrip">Absorbs the whitespace before it.</param>
/// <param name="RStrip">Absorbs the whitespace after it.</param>
public sealed record AddedToken(int Id, string Content, bool Special, bool SingleWord = false, bool LStrip = false, bool RStrip = false);
