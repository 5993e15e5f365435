using System.Text;
using BetterTogether.Engine.Tokenization.PreTokenizers;

namespace BetterTogether.Engine.Tokenization;

/// <summary>
/// A Hugging Face <c>tokenizer.json</c> byte-level BPE tokenizer (GPT-2, Llama-3, Qwen2 families):
/// added tokens are matched first, the rest is normalized, pre-tokenized and merged by rank.
/// Thread-safe: one instance may encode and decode from many threads.
/// </summary>
public sealed class BpeTokenizer
{
    private readonly BpeModel model;
    private readonly AddedTokenMatcher addedMatcher;
    private readonly TextNormalizer normalizer;
    private readonly IPreTokenizer? preTokenizer;
    private readonly TokenizerPostProcessor postProcessor;
    private readonly bool byteLevelDecoder;
    private readonly string?[] idToToken;
    private readonly bool[] special;
    private readonly Dictionary<string, int> addedByContent;
    private readonly byte[]?[] tokenBytes;

    internal BpeTokenizer(
        string source, BpeModel model, IReadOnlyList<AddedToken> addedTokens, TextNormalizer normalizer,
        IPreTokenizer? preTokenizer, TokenizerPostProcessor postProcessor, bool byteLevelDecoder)
    {
        Source = source;
        this.model = model;
        AddedTokens = addedTokens;
        addedMatcher = new AddedTokenMatcher(addedTokens);
        this.normalizer = normalizer;
        this.preTokenizer = preTokenizer;
        this.postProcessor = postProcessor;
        this.byteLevelDecoder = byteLevelDecoder;
        var size = Math.Max(model.Vocab.Count == 0 ? 0 : model.Vocab.Values.Max() + 1, addedTokens.Count == 0 ? 0 : addedTokens.Max(t => t.Id) + 1);
        VocabSize = size;
        idToToken = new string?[size];
        special = new bool[size];
        foreach (var (token, id) in model.Vocab)
        {
            idToToken[id] = token;
        }

        addedByContent = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in addedTokens)
        {
            idToToken[t.Id] = t.Content;
            special[t.Id] = t.Special;
            addedByContent[t.Content] = t.Id;
        }

        tokenBytes = new byte[size][];
    }

    /// <summary>The file (or name) this tokenizer was read from.</summary>
    public string Source { get; }

    /// <summary>One more than the largest token id (vocabulary and added tokens).</summary>
    public int VocabSize { get; }

    /// <summary>The added tokens (special and not), as listed in <c>added_tokens</c>.</summary>
    public IReadOnlyList<AddedToken> AddedTokens { get; }

    /// <summary>The ids the post-processor puts before a sequence when special tokens are added (e.g. BOS).</summary>
    public IReadOnlyList<int> PrefixTokenIds => postProcessor.Prefix;

    /// <summary>The ids the post-processor puts after a sequence when special tokens are added (e.g. EOS).</summary>
    public IReadOnlyList<int> SuffixTokenIds => postProcessor.Suffix;

    /// <summary>Loads a <c>tokenizer.json</c> file.</summary>
    /// <param name="tokenizerJsonPath">Path of the file.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="TokenizerFormatException">The file is malformed or uses an unsupported model, pre-tokenizer, normalizer or decoder.</exception>
    public static BpeTokenizer Load(string tokenizerJsonPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenizerJsonPath);
        return TokenizerJsonReader.Read(File.ReadAllText(tokenizerJsonPath), tokenizerJsonPath);
    }

    /// <summary>Reads a tokenizer from <c>tokenizer.json</c> text.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="sourceName">Name used in error messages.</param>
    /// <exception cref="TokenizerFormatException">The JSON is malformed or unsupported.</exception>
    public static BpeTokenizer FromJson(string json, string sourceName = "tokenizer.json")
    {
        ArgumentNullException.ThrowIfNull(json);
        return TokenizerJsonReader.Read(json, sourceName);
    }

    /// <summary>The id of a vocabulary or added token, or null.</summary>
    public int? TokenToId(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return addedByContent.TryGetValue(token, out var id) ? id : model.Vocab.TryGetValue(token, out id) ? id : null;
    }

    /// <summary>The token string of an id (byte-level form for vocabulary tokens), or null when no token has it.</summary>
    public string? IdToToken(int id) => id >= 0 && id < idToToken.Length ? idToToken[id] : null;

    /// <summary>True when <paramref name="id"/> is an added token flagged <c>special</c>.</summary>
    public bool IsSpecial(int id) => id >= 0 && id < special.Length && special[id];

    /// <summary>Encodes text; added tokens in the text (e.g. <c>&lt;|im_start|&gt;</c>) become their ids.</summary>
    /// <param name="text">The text.</param>
    /// <param name="addSpecialTokens">Apply the post-processor (e.g. prepend Llama-3's BOS).</param>
    public int[] Encode(string text, bool addSpecialTokens = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>(text.Length / 3);
        if (addSpecialTokens)
        {
            ids.AddRange(postProcessor.Prefix);
        }

        EncodeCore(text, matchAddedTokens: true, ids, offsets: null);
        if (addSpecialTokens)
        {
            ids.AddRange(postProcessor.Suffix);
        }

        return [.. ids];
    }

    /// <summary>Encodes text as plain text: added-token strings in it are tokenized like any other text (safe for untrusted content).</summary>
    public int[] EncodeOrdinary(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>(text.Length / 3);
        EncodeCore(text, matchAddedTokens: false, ids, offsets: null);
        return [.. ids];
    }

    /// <summary>Encodes text and records, per token, the index in <paramref name="text"/> where it starts.</summary>
    internal void EncodeWithOffsets(string text, List<int> ids, List<int> offsets) => EncodeCore(text, matchAddedTokens: true, ids, offsets);

    /// <summary>Applies the tokenizer's normalizer (identity when it has none).</summary>
    internal string Normalize(string text) => normalizer.Apply(text);

    /// <summary>Decodes ids to text; invalid UTF-8 (a sequence cut mid-character) becomes U+FFFD.</summary>
    /// <param name="ids">Token ids.</param>
    /// <param name="skipSpecialTokens">Leave out special added tokens.</param>
    /// <exception cref="ArgumentOutOfRangeException">An id has no token.</exception>
    public string Decode(ReadOnlySpan<int> ids, bool skipSpecialTokens = false)
    {
        if (!byteLevelDecoder)
        {
            var tokens = new List<string>(ids.Length);
            foreach (var id in ids)
            {
                if (!(skipSpecialTokens && IsSpecial(id)))
                {
                    tokens.Add(IdToToken(id) ?? throw UnknownId(id));
                }
            }

            return string.Join(' ', tokens);
        }

        var buffer = new List<byte>(ids.Length * 4);
        foreach (var id in ids)
        {
            if (!(skipSpecialTokens && IsSpecial(id)))
            {
                buffer.AddRange(TokenBytes(id));
            }
        }

        return Encoding.UTF8.GetString([.. buffer]);
    }

    /// <summary>Creates a decoder that turns ids into text one at a time, holding back incomplete UTF-8 characters (for streaming).</summary>
    public TokenStreamDecoder CreateStreamDecoder(bool skipSpecialTokens = false) => new(this, skipSpecialTokens);

    /// <summary>The bytes a token decodes to (byte-level characters mapped back; other characters as UTF-8, as Hugging Face does).</summary>
    internal byte[] TokenBytes(int id)
    {
        if ((uint)id >= (uint)tokenBytes.Length)
        {
            throw UnknownId(id);
        }

        var cached = tokenBytes[id];
        if (cached is not null)
        {
            return cached;
        }

        var token = idToToken[id] ?? throw UnknownId(id);
        var bytes = new List<byte>(token.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < token.Length; i++)
        {
            var b = byteLevelDecoder ? ByteLevelAlphabet.CharToByte(token[i]) : -1;
            if (b >= 0)
            {
                bytes.Add((byte)b);
                continue;
            }

            var length = char.IsSurrogatePair(token, i) ? 2 : 1;
            var written = Encoding.UTF8.GetBytes(token.AsSpan(i, length), utf8);
            for (var k = 0; k < written; k++)
            {
                bytes.Add(utf8[k]);
            }

            i += length - 1;
        }

        return tokenBytes[id] = [.. bytes];
    }

    private void EncodeCore(string text, bool matchAddedTokens, List<int> ids, List<int>? offsets)
    {
        var pieces = new List<Piece>();
        var split = new List<Piece>();
        var segments = matchAddedTokens ? addedMatcher.Split(text) : [(0, text.Length, -1)];
        foreach (var (start, length, tokenId) in segments)
        {
            if (tokenId >= 0)
            {
                ids.Add(tokenId);
                offsets?.Add(start);
                continue;
            }

            var segment = text.Substring(start, length);
            var normalized = normalizer.Apply(segment);
            var exactOffsets = normalized.Length == segment.Length;
            pieces.Clear();
            split.Clear();
            pieces.Add(new Piece(normalized, exactOffsets ? start : 0));
            if (preTokenizer is not null)
            {
                preTokenizer.Apply(pieces, split);
            }
            else
            {
                split.AddRange(pieces);
            }

            foreach (var piece in split)
            {
                var before = ids.Count;
                model.EncodePiece(piece.Text, ids);
                if (offsets is not null)
                {
                    AddOffsets(piece, ids, before, exactOffsets ? 0 : start, offsets);
                }
            }
        }
    }

    private void AddOffsets(Piece piece, List<int> ids, int from, int segmentStart, List<int> offsets)
    {
        var bytesSoFar = 0;
        for (var k = from; k < ids.Count; k++)
        {
            var charIndex = CharIndexOfByte(piece.Text, bytesSoFar);
            offsets.Add(segmentStart + piece.Offset + Math.Max(0, charIndex - piece.PrefixLength));
            bytesSoFar += TokenBytes(ids[k]).Length;
        }
    }

    private static int CharIndexOfByte(string text, int byteOffset)
    {
        var bytes = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (bytes >= byteOffset)
            {
                return i;
            }

            var rune = Rune.GetRuneAt(text, i);
            bytes += rune.Utf8SequenceLength;
            i += rune.Utf16SequenceLength - 1;
        }

        return text.Length;
    }

    private ArgumentOutOfRangeException UnknownId(int id) => new("ids", id, $"Token id {id} is not in the vocabulary of '{Source}' (size {VocabSize}).");
}
