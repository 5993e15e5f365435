using System.Text;
using BetterTogether.Engine.Tokenization;

namespace BetterTogether.Engine.ChatTemplates;

/// <summary>
/// Renders conversations in a model's chat format without a Jinja engine: the family (ChatML or
/// Llama-3) is recognized from markers in <c>chat_template</c>, or given explicitly. Output matches
/// Hugging Face's <c>apply_chat_template</c> for the plain (no tools) Qwen2/Qwen2.5 and
/// Llama-3/3.1 templates; Llama-3.1's date line uses the template's fixed fallback date.
/// </summary>
public sealed class ChatTemplate
{
    private const string ImStart = "<|im_start|>", ImEnd = "<|im_end|>";
    private const string HeaderStart = "<|start_header_id|>", HeaderEnd = "<|end_header_id|>", EotId = "<|eot_id|>";

    private ChatTemplate(ChatTemplateFamily family, string? bosToken, string? eosToken, string? defaultSystemPrompt, string? systemPreamble)
    {
        Family = family;
        BosToken = bosToken;
        EosToken = eosToken;
        DefaultSystemPrompt = defaultSystemPrompt;
        SystemPreamble = systemPreamble;
    }

    /// <summary>The chat format.</summary>
    public ChatTemplateFamily Family { get; }

    /// <summary>The BOS text Llama-3 puts first (ignored by ChatML).</summary>
    public string? BosToken { get; }

    /// <summary>The tokenizer's EOS text, counted among the stop tokens.</summary>
    public string? EosToken { get; }

    /// <summary>ChatML only: the system message inserted when a conversation has none (Qwen2's "You are a helpful assistant.").</summary>
    public string? DefaultSystemPrompt { get; }

    /// <summary>Llama-3.1+ only: text put at the start of the system message (knowledge cut-off and date).</summary>
    public string? SystemPreamble { get; }

    /// <summary>Reads <c>tokenizer_config.json</c> and recognizes its chat template.</summary>
    /// <param name="path">Path of <c>tokenizer_config.json</c>.</param>
    /// <param name="familyOverride">Render this family whatever the template says (for base models without a template, or unrecognized ones).</param>
    /// <exception cref="ChatTemplateException">No override and the template is missing or not recognized.</exception>
    public static ChatTemplate FromTokenizerConfig(string path, ChatTemplateFamily? familyOverride = null) =>
        FromConfig(TokenizerConfig.Load(path), familyOverride);

    /// <summary>Recognizes the chat template of a loaded configuration.</summary>
    /// <exception cref="ChatTemplateException">No override and the template is missing or not recognized.</exception>
    public static ChatTemplate FromConfig(TokenizerConfig config, ChatTemplateFamily? familyOverride = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var family = familyOverride ?? ChatTemplateDetector.Detect(config.ChatTemplate) ?? throw new ChatTemplateException(
            config.ChatTemplate is null
                ? $"'{config.Source}' has no chat_template; pass a ChatTemplateFamily override to choose ChatML or Llama3."
                : $"The chat_template in '{config.Source}' is not recognized (no ChatML <|im_start|>/<|im_end|> nor Llama-3 <|start_header_id|>/<|eot_id|> markers); pass a ChatTemplateFamily override.");
        return family == ChatTemplateFamily.ChatML
            ? new ChatTemplate(family, config.BosToken, config.EosToken, ChatTemplateDetector.ChatMLDefaultSystemPrompt(config.ChatTemplate), null)
            : new ChatTemplate(family, config.BosToken ?? "<|begin_of_text|>", config.EosToken, null, ChatTemplateDetector.Llama3SystemPreamble(config.ChatTemplate));
    }

    /// <summary>A template of a given family with explicit settings (for models we train ourselves).</summary>
    public static ChatTemplate Create(ChatTemplateFamily family, string? bosToken = null, string? eosToken = null, string? defaultSystemPrompt = null) =>
        new(family, family == ChatTemplateFamily.Llama3 ? bosToken ?? "<|begin_of_text|>" : bosToken, eosToken, defaultSystemPrompt, null);

    /// <summary>Renders a conversation as the model's prompt text (special tokens as text; encode it without adding special tokens).</summary>
    /// <param name="messages">The conversation.</param>
    /// <param name="addGenerationPrompt">End with the header of an assistant turn, for generation.</param>
    public string Render(IReadOnlyList<ChatTurn> messages, bool addGenerationPrompt)
    {
        var sb = new StringBuilder();
        foreach (var (text, _) in Segments(messages, addGenerationPrompt))
        {
            sb.Append(text);
        }

        return sb.ToString();
    }

    /// <summary>Renders and tokenizes a conversation for training, marking the tokens of assistant replies (content and end-of-turn token).</summary>
    /// <remarks>The whole text is tokenized at once, so tokens are exactly those of inference; a token is a target when it starts inside an assistant span.</remarks>
    public ChatTrainingExample RenderForTraining(BpeTokenizer tokenizer, IReadOnlyList<ChatTurn> messages)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(messages);
        var normalized = messages.Select(m => m with { Content = tokenizer.Normalize(m.Content ?? string.Empty) }).ToList();
        var sb = new StringBuilder();
        var spans = new List<(int Start, int End)>();
        foreach (var (text, target) in Segments(normalized, addGenerationPrompt: false))
        {
            if (target)
            {
                spans.Add((sb.Length, sb.Length + text.Length));
            }

            sb.Append(text);
        }

        var ids = new List<int>();
        var offsets = new List<int>();
        tokenizer.EncodeWithOffsets(sb.ToString(), ids, offsets);
        var mask = new bool[ids.Count];
        var s = 0;
        for (var i = 0; i < ids.Count; i++)
        {
            while (s < spans.Count && offsets[i] >= spans[s].End)
            {
                s++;
            }

            mask[i] = s < spans.Count && offsets[i] >= spans[s].Start;
        }

        return new ChatTrainingExample([.. ids], mask);
    }

    /// <summary>The ids that end an assistant turn in this format (end-of-turn and EOS tokens present in <paramref name="tokenizer"/>).</summary>
    public IReadOnlyList<int> StopTokenIds(BpeTokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        string?[] names = Family == ChatTemplateFamily.ChatML
            ? [ImEnd, "<|endoftext|>", EosToken]
            : [EotId, "<|eom_id|>", "<|end_of_text|>", EosToken];
        return names.OfType<string>().Select(tokenizer.TokenToId).OfType<int>().Distinct().ToList();
    }

    private IEnumerable<(string Text, bool AssistantTarget)> Segments(IReadOnlyList<ChatTurn> messages, bool addGenerationPrompt)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return Family == ChatTemplateFamily.ChatML ? ChatMLSegments(messages, addGenerationPrompt) : Llama3Segments(messages, addGenerationPrompt);
    }

    private IEnumerable<(string, bool)> ChatMLSegments(IReadOnlyList<ChatTurn> messages, bool addGenerationPrompt)
    {
        if (DefaultSystemPrompt is not null && (messages.Count == 0 || messages[0].Role != ChatTurn.SystemRole))
        {
            yield return ($"{ImStart}system\n{DefaultSystemPrompt}{ImEnd}\n", false);
        }

        foreach (var m in messages)
        {
            var assistant = m.Role == ChatTurn.AssistantRole;
            yield return ($"{ImStart}{m.Role}\n", false);
            yield return (m.Content + ImEnd, assistant);
            yield return ("\n", false);
        }

        if (addGenerationPrompt)
        {
            yield return ($"{ImStart}assistant\n", false);
        }
    }

    private IEnumerable<(string, bool)> Llama3Segments(IReadOnlyList<ChatTurn> messages, bool addGenerationPrompt)
    {
        yield return (BosToken ?? string.Empty, false);
        var start = 0;
        if (SystemPreamble is not null)
        {
            // Llama-3.1+: a system turn always comes first, holding the preamble and the system message if any.
            var system = messages.Count > 0 && messages[0].Role == ChatTurn.SystemRole ? messages[0].Content.Trim() : string.Empty;
            start = messages.Count > 0 && messages[0].Role == ChatTurn.SystemRole ? 1 : 0;
            yield return ($"{HeaderStart}system{HeaderEnd}\n\n{SystemPreamble}{system}{EotId}", false);
        }

        for (var i = start; i < messages.Count; i++)
        {
            var m = messages[i];
            yield return ($"{HeaderStart}{m.Role}{HeaderEnd}\n\n", false);
            yield return (m.Content.Trim() + EotId, m.Role == ChatTurn.AssistantRole);
        }

        if (addGenerationPrompt)
        {
            yield return ($"{HeaderStart}assistant{HeaderEnd}\n\n", false);
        }
    }
}
