namespace BetterTogether.Engine.Tokenization;

/// <summary>Settings of the BPE model read from <c>tokenizer.json</c>'s <c>model</c> object.</summary>
/// <param name="ByteLevel">Pieces are mapped to UTF-8 bytes as byte-level characters (a <c>ByteLevel</c> pre-tokenizer is present).</param>
/// <param name="IgnoreMerges">A piece that is itself a vocabulary entry becomes that token without merging (<c>ignore_merges</c>, Llama-3).</param>
/// <param name="ByteFallback">Unknown characters become <c>&lt;0xXX&gt;</c> byte tokens (<c>byte_fallback</c>).</param>
/// <param name="UnkId">The unknown token's id, if the model has one.</param>
/// <param name="FuseUnk">Consecutive unknown tokens fuse into one.</param>
internal sealed record BpeModelOptions(bool ByteLevel, bool IgnoreMerges, bool ByteFallback, int? UnkId, bool FuseUnk);
