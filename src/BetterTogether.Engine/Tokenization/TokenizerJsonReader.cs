using System.Text.Json;
using BetterTogether.Engine.Tokenization.PreTokenizers;

namespace BetterTogether.Engine.Tokenization;

/// <summary>Reads Hugging Face <c>tokenizer.json</c> (byte-level BPE) into a <see cref="BpeTokenizer"/>; every fault names the file and the field.</summary>
internal sealed partial class TokenizerJsonReader
{
    private readonly string source;

    private TokenizerJsonReader(string source) => this.source = source;

    public static BpeTokenizer Read(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException ex)
        {
            throw new TokenizerFormatException(source, $"not valid JSON ({ex.Message})", ex);
        }

        using (document)
        {
            return new TokenizerJsonReader(source).ReadRoot(document.RootElement);
        }
    }

    private BpeTokenizer ReadRoot(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Fault("the root is not a JSON object");
        }

        var model = Required(root, "model", "model");
        var type = OptionalString(model, "type");
        if (type is not null and not "BPE")
        {
            throw Fault($"model.type '{type}' is not supported (only byte-level BPE)");
        }

        if (type is null && !model.TryGetProperty("merges", out _))
        {
            throw Fault("model.type is missing and the model has no merges: not a BPE model");
        }

        CheckNullOrEmpty(model, "continuing_subword_prefix");
        CheckNullOrEmpty(model, "end_of_word_suffix");
        if (model.TryGetProperty("dropout", out var dropout) && dropout.ValueKind == JsonValueKind.Number && dropout.GetDouble() > 0)
        {
            throw Fault("model.dropout > 0 (BPE dropout) is not supported for inference");
        }

        var vocab = ReadVocab(Required(model, "vocab", "model.vocab"));
        var merges = ReadMerges(Required(model, "merges", "model.merges"), vocab);
        var addedTokens = ReadAddedTokens(root);
        var preTokenizer = root.TryGetProperty("pre_tokenizer", out var pre) && pre.ValueKind != JsonValueKind.Null
            ? ReadPreTokenizer(pre, "pre_tokenizer")
            : null;
        var byteLevel = ContainsType(pre, "ByteLevel");
        int? unkId = null;
        if (OptionalString(model, "unk_token") is { } unk)
        {
            unkId = vocab.TryGetValue(unk, out var id) ? id : throw Fault($"model.unk_token '{unk}' is not in model.vocab");
        }

        var options = new BpeModelOptions(
            byteLevel,
            OptionalBool(model, "ignore_merges"),
            OptionalBool(model, "byte_fallback"),
            unkId,
            OptionalBool(model, "fuse_unk"));
        var normalizer = root.TryGetProperty("normalizer", out var norm) && norm.ValueKind != JsonValueKind.Null
            ? new TextNormalizer(ReadNormalizer(norm, "normalizer"))
            : TextNormalizer.Identity;
        var postProcessor = root.TryGetProperty("post_processor", out var post) && post.ValueKind != JsonValueKind.Null
            ? ReadPostProcessor(post, "post_processor", vocab, addedTokens)
            : TokenizerPostProcessor.None;
        var decoderByteLevel = root.TryGetProperty("decoder", out var decoder) && decoder.ValueKind != JsonValueKind.Null
            ? ReadDecoder(decoder, "decoder")
            : false;
        return new BpeTokenizer(source, new BpeModel(vocab, merges, options), addedTokens, normalizer, preTokenizer, postProcessor, decoderByteLevel);
    }

    private Dictionary<string, int> ReadVocab(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Fault("model.vocab is not an object of token → id");
        }

        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in element.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out var id) || id < 0)
            {
                throw Fault($"model.vocab['{entry.Name}'] is not a non-negative integer id");
            }

            vocab[entry.Name] = id;
        }

        return vocab;
    }

    private Dictionary<long, (int Rank, int Merged)> ReadMerges(JsonElement element, Dictionary<string, int> vocab)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw Fault("model.merges is not an array");
        }

        var merges = new Dictionary<long, (int Rank, int Merged)>();
        var rank = 0;
        foreach (var merge in element.EnumerateArray())
        {
            string left, right;
            if (merge.ValueKind == JsonValueKind.String)
            {
                var parts = merge.GetString()!.Split(' ');
                if (parts.Length != 2)
                {
                    throw Fault($"model.merges[{rank}] '{merge.GetString()}' is not two tokens separated by one space");
                }

                (left, right) = (parts[0], parts[1]);
            }
            else if (merge.ValueKind == JsonValueKind.Array && merge.GetArrayLength() == 2
                && merge[0].ValueKind == JsonValueKind.String && merge[1].ValueKind == JsonValueKind.String)
            {
                (left, right) = (merge[0].GetString()!, merge[1].GetString()!);
            }
            else
            {
                throw Fault($"model.merges[{rank}] is neither \"a b\" nor [\"a\", \"b\"]");
            }

            if (!vocab.TryGetValue(left, out var leftId) || !vocab.TryGetValue(right, out var rightId))
            {
                throw Fault($"model.merges[{rank}] uses a token missing from model.vocab ('{left}' '{right}')");
            }

            if (!vocab.TryGetValue(left + right, out var mergedId))
            {
                throw Fault($"model.merges[{rank}] produces '{left + right}', which is missing from model.vocab");
            }

            merges.TryAdd(BpeModel.PairKey(leftId, rightId), (rank, mergedId));
            rank++;
        }

        return merges;
    }

    private List<AddedToken> ReadAddedTokens(JsonElement root)
    {
        var tokens = new List<AddedToken>();
        if (!root.TryGetProperty("added_tokens", out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return tokens;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            throw Fault("added_tokens is not an array");
        }

        var index = 0;
        foreach (var t in array.EnumerateArray())
        {
            var path = $"added_tokens[{index++}]";
            var idElement = Required(t, "id", path + ".id");
            if (!idElement.TryGetInt32(out var id) || id < 0)
            {
                throw Fault($"{path}.id is not a non-negative integer");
            }

            var content = OptionalString(t, "content") ?? throw Fault($"{path}.content is missing");
            tokens.Add(new AddedToken(id, content, OptionalBool(t, "special"), OptionalBool(t, "single_word"), OptionalBool(t, "lstrip"), OptionalBool(t, "rstrip")));
        }

        return tokens;
    }

    private IPreTokenizer ReadPreTokenizer(JsonElement e, string path)
    {
        var type = OptionalString(e, "type") ?? throw Fault($"{path}.type is missing");
        switch (type)
        {
            case "ByteLevel":
                return new ByteLevelPreTokenizer(OptionalBool(e, "add_prefix_space"), OptionalBool(e, "use_regex", defaultValue: true));
            case "Digits":
                return new DigitsPreTokenizer(OptionalBool(e, "individual_digits"));
            case "Sequence":
                var steps = new List<IPreTokenizer>();
                var items = Required(e, "pretokenizers", path + ".pretokenizers");
                var i = 0;
                foreach (var item in items.EnumerateArray())
                {
                    steps.Add(ReadPreTokenizer(item, $"{path}.pretokenizers[{i++}]"));
                }

                return new SequencePreTokenizer(steps);
            case "Split":
                var pattern = Required(e, "pattern", path + ".pattern");
                PatternMatcher matcher;
                try
                {
                    matcher = OptionalString(pattern, "Regex") is { } regex ? PatternMatcher.FromRegex(regex)
                        : OptionalString(pattern, "String") is { } literal ? PatternMatcher.FromLiteral(literal)
                        : throw Fault($"{path}.pattern has neither 'Regex' nor 'String'");
                }
                catch (ArgumentException ex)
                {
                    throw new TokenizerFormatException(source, $"{path}.pattern is not a usable regular expression ({ex.Message})", ex);
                }

                var behaviorName = OptionalString(e, "behavior") ?? "Isolated";
                if (!Enum.TryParse<SplitBehavior>(behaviorName, ignoreCase: false, out var behavior))
                {
                    throw Fault($"{path}.behavior '{behaviorName}' is unknown");
                }

                return new SplitPreTokenizer(matcher, behavior, OptionalBool(e, "invert"));
            default:
                throw Fault($"{path}.type '{type}' is not a supported pre-tokenizer (ByteLevel, Split, Digits, Sequence)");
        }
    }

    private List<Func<string, string>> ReadNormalizer(JsonElement e, string path)
    {
        var type = OptionalString(e, "type") ?? throw Fault($"{path}.type is missing");
        switch (type)
        {
            case "NFC": return [TextNormalizer.Nfc()];
            case "NFD": return [TextNormalizer.Nfd()];
            case "Lowercase": return [TextNormalizer.Lowercase()];
            case "Sequence":
                var steps = new List<Func<string, string>>();
                var i = 0;
                foreach (var item in Required(e, "normalizers", path + ".normalizers").EnumerateArray())
                {
                    steps.AddRange(ReadNormalizer(item, $"{path}.normalizers[{i++}]"));
                }

                return steps;
            default:
                throw Fault($"{path}.type '{type}' is not a supported normalizer (NFC, NFD, Lowercase, Sequence; compatibility forms NFKC/NFKD are not)");
        }
    }
}
