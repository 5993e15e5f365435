using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace BetterTogether.Engine.Tokenization.Training;

/// <summary>Writes a trained vocabulary as Hugging Face <c>tokenizer.json</c> and <c>tokenizer_config.json</c> (the Qwen2 layout).</summary>
internal static class TokenizerJsonWriter
{
    /// <summary>A ChatML template (Qwen2's without the built-in system message), which <c>transformers</c> renders and our detector recognizes.</summary>
    public const string ChatMLTemplate =
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}"
        + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string ToJson(TrainedBpe bpe)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Options))
        {
            w.WriteStartObject();
            w.WriteString("version", "1.0");
            w.WriteNull("truncation");
            w.WriteNull("padding");
            w.WriteStartArray("added_tokens");
            for (var i = 0; i < bpe.SpecialTokens.Count; i++)
            {
                w.WriteStartObject();
                w.WriteNumber("id", i);
                w.WriteString("content", bpe.SpecialTokens[i]);
                w.WriteBoolean("single_word", false);
                w.WriteBoolean("lstrip", false);
                w.WriteBoolean("rstrip", false);
                w.WriteBoolean("normalized", false);
                w.WriteBoolean("special", true);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartObject("normalizer");
            w.WriteString("type", "NFC");
            w.WriteEndObject();
            w.WriteStartObject("pre_tokenizer");
            w.WriteString("type", "Sequence");
            w.WriteStartArray("pretokenizers");
            w.WriteStartObject();
            w.WriteString("type", "Split");
            w.WriteStartObject("pattern");
            w.WriteString("Regex", bpe.Pattern);
            w.WriteEndObject();
            w.WriteString("behavior", "Isolated");
            w.WriteBoolean("invert", false);
            w.WriteEndObject();
            WriteByteLevel(w, null);
            w.WriteEndArray();
            w.WriteEndObject();
            WriteByteLevel(w, "post_processor");
            WriteByteLevel(w, "decoder");
            w.WriteStartObject("model");
            w.WriteString("type", "BPE");
            w.WriteNull("dropout");
            w.WriteNull("unk_token");
            w.WriteNull("continuing_subword_prefix");
            w.WriteNull("end_of_word_suffix");
            w.WriteBoolean("fuse_unk", false);
            w.WriteBoolean("byte_fallback", false);
            w.WriteBoolean("ignore_merges", false);
            w.WriteStartObject("vocab");
            for (var id = 0; id < bpe.Tokens.Count; id++)
            {
                w.WriteNumber(bpe.Tokens[id], id);
            }

            w.WriteEndObject();
            w.WriteStartArray("merges");
            foreach (var (left, right) in bpe.Merges)
            {
                // Byte-level tokens never hold a space, so the classic "a b" form is unambiguous and read by every version.
                w.WriteStringValue(left + " " + right);
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static string ConfigJson(TrainedBpe bpe, TokenizerSaveOptions options)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Options))
        {
            w.WriteStartObject();
            w.WriteBoolean("add_bos_token", false);
            w.WriteBoolean("add_prefix_space", false);
            w.WriteStartObject("added_tokens_decoder");
            for (var i = 0; i < bpe.SpecialTokens.Count; i++)
            {
                w.WriteStartObject(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                w.WriteString("content", bpe.SpecialTokens[i]);
                w.WriteBoolean("lstrip", false);
                w.WriteBoolean("normalized", false);
                w.WriteBoolean("rstrip", false);
                w.WriteBoolean("single_word", false);
                w.WriteBoolean("special", true);
                w.WriteEndObject();
            }

            w.WriteEndObject();
            WriteNullable(w, "bos_token", options.BosToken);
            WriteNullable(w, "chat_template", options.ChatTemplate);
            w.WriteBoolean("clean_up_tokenization_spaces", false);
            WriteNullable(w, "eos_token", options.EosToken);
            w.WriteNumber("model_max_length", options.ModelMaxLength);
            WriteNullable(w, "pad_token", options.PadToken);
            w.WriteString("tokenizer_class", "PreTrainedTokenizerFast");
            w.WriteNull("unk_token");
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteByteLevel(Utf8JsonWriter w, string? name)
    {
        if (name is null)
        {
            w.WriteStartObject();
        }
        else
        {
            w.WriteStartObject(name);
        }

        w.WriteString("type", "ByteLevel");
        w.WriteBoolean("add_prefix_space", false);
        w.WriteBoolean("trim_offsets", false);
        w.WriteBoolean("use_regex", false);
        w.WriteEndObject();
    }
}
