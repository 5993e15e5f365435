using BetterTogether.Engine.ChatTemplates;
using BetterTogether.Engine.Tests.Tokenization;
using BetterTogether.Engine.Tokenization;

namespace BetterTogether.Engine.Tests.ChatTemplates;

/// <summary>Expected strings are worked out by hand from the Jinja templates in Fixtures/*.tokenizer_config.json (copied from the published model repositories).</summary>
public sealed class ChatTemplateTests
{
    private static readonly ChatTurn[] Conversation =
    [
        new("user", "What is 2+2?"),
        new("assistant", "It is 4."),
        new("user", "And 3+3?"),
    ];

    private static string Fixture(string name) => Path.Combine(TokenizerFixtures.Folder, "..", "..", "ChatTemplates", "Fixtures", name);

    [Fact]
    public void FromTokenizerConfig_Qwen2Template_RendersChatMLWithDefaultSystem()
    {
        var template = ChatTemplate.FromTokenizerConfig(Fixture("qwen2.tokenizer_config.json"));

        var text = template.Render(Conversation, addGenerationPrompt: true);

        Assert.Equal(ChatTemplateFamily.ChatML, template.Family);
        Assert.Equal(
            "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n"
            + "<|im_start|>assistant\nIt is 4.<|im_end|>\n<|im_start|>user\nAnd 3+3?<|im_end|>\n<|im_start|>assistant\n",
            text);
    }

    [Fact]
    public void Render_ChatMLWithSystemMessage_OmitsDefaultSystem()
    {
        var template = ChatTemplate.FromTokenizerConfig(Fixture("qwen2.tokenizer_config.json"));

        var text = template.Render([new("system", "Be brief."), new("user", "Hi")], addGenerationPrompt: false);

        Assert.Equal("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n", text);
    }

    [Fact]
    public void FromTokenizerConfig_Llama3Template_RendersHeadersAndTrimsContent()
    {
        var template = ChatTemplate.FromTokenizerConfig(Fixture("llama3.tokenizer_config.json"));

        var text = template.Render([new("system", "  Be brief. "), new("user", "Hi\n")], addGenerationPrompt: true);

        Assert.Equal(ChatTemplateFamily.Llama3, template.Family);
        Assert.Equal(
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
            + "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
            text);
    }

    [Fact]
    public void FromTokenizerConfig_UnrecognizedTemplate_ThrowsNamingFile()
    {
        var ex = Assert.Throws<ChatTemplateException>(() => ChatTemplate.FromTokenizerConfig(Fixture("unknown.tokenizer_config.json")));

        Assert.Contains("unknown.tokenizer_config.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromTokenizerConfig_UnrecognizedTemplateWithOverride_UsesOverride()
    {
        var template = ChatTemplate.FromTokenizerConfig(Fixture("unknown.tokenizer_config.json"), ChatTemplateFamily.ChatML);

        Assert.Equal("<|im_start|>user\nHi<|im_end|>\n", template.Render([new("user", "Hi")], addGenerationPrompt: false));
    }

    [Fact]
    public void RenderForTraining_ChatML_MasksExactlyAssistantContentAndEndOfTurn()
    {
        var tokenizer = TokenizerFixtures.Load("qwen2");
        var template = ChatTemplate.FromTokenizerConfig(Fixture("qwen2.tokenizer_config.json"));
        ChatTurn[] conversation = [new("user", "What is 2+2?"), new("assistant", "It is 4.\n\n  Sure."), new("user", "ok"), new("assistant", "東京 🎉")];

        var example = template.RenderForTraining(tokenizer, conversation);

        Assert.Equal(tokenizer.Encode(template.Render(conversation, addGenerationPrompt: false)), example.Ids);
        var targets = example.Ids.Where((_, i) => example.IsAssistantTarget[i]).ToArray();
        Assert.Equal("It is 4.\n\n  Sure.<|im_end|>東京 🎉<|im_end|>", tokenizer.Decode(targets));
        Assert.False(example.IsAssistantTarget[^1]); // the "\n" after the last <|im_end|>
    }

    [Fact]
    public void RenderForTraining_Llama3_MasksAssistantReply()
    {
        var tokenizer = TokenizerFixtures.Load("llama3");
        var template = ChatTemplate.FromTokenizerConfig(Fixture("llama3.tokenizer_config.json"));

        var example = template.RenderForTraining(tokenizer, [new("user", "Hi"), new("assistant", "Hello there!")]);

        var targets = example.Ids.Where((_, i) => example.IsAssistantTarget[i]).ToArray();
        Assert.Equal("Hello there!<|eot_id|>", tokenizer.Decode(targets));
        Assert.Equal(tokenizer.TokenToId("<|begin_of_text|>"), example.Ids[0]);
    }

    [Fact]
    public void StopTokenIds_ChatML_ContainsImEndAndEndOfText()
    {
        var tokenizer = TokenizerFixtures.Load("qwen2");
        var template = ChatTemplate.FromTokenizerConfig(Fixture("qwen2.tokenizer_config.json"));

        var stops = template.StopTokenIds(tokenizer);

        Assert.Equal([tokenizer.TokenToId("<|im_end|>")!.Value, tokenizer.TokenToId("<|endoftext|>")!.Value], stops);
    }

    [Fact]
    public void TokenizerConfigLoad_ObjectTokensAndTemplateList_ReadsContentAndDefault()
    {
        var config = TokenizerConfig.Load(Fixture("unknown.tokenizer_config.json"));

        Assert.Equal("<s>", config.BosToken);
        Assert.Equal("</s>", config.EosToken);
        Assert.StartsWith("{% for m in messages %}", config.ChatTemplate, StringComparison.Ordinal);
    }

    [Fact]
    public void TokenizerConfigLoad_Llama3_ReadsHugeMaxLength()
    {
        var config = TokenizerConfig.Load(Fixture("llama3.tokenizer_config.json"));

        Assert.Equal("<|eot_id|>", config.EosToken);
        Assert.Equal(long.MaxValue, config.ModelMaxLength);
    }

    [Fact]
    public void FromTokenizerConfig_Qwen25Template_FindsQwenDefaultSystem()
    {
        // qwen2_5 fixture: the tools-free part of Qwen2.5-Instruct's template (tool branches shortened).
        var template = ChatTemplate.FromTokenizerConfig(Fixture("qwen2_5.tokenizer_config.json"));

        Assert.Equal("You are Qwen, created by Alibaba Cloud. You are a helpful assistant.", template.DefaultSystemPrompt);
        Assert.Equal(
            "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n",
            template.Render([new("user", "Hi")], addGenerationPrompt: true));
    }

    [Fact]
    public void FromTokenizerConfig_Llama31Template_AddsDatedSystemTurn()
    {
        // llama3_1 fixture: Llama-3.1-Instruct's template without its tool-calling branches.
        var template = ChatTemplate.FromTokenizerConfig(Fixture("llama3_1.tokenizer_config.json"));

        Assert.Equal(
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\nBe brief.<|eot_id|>"
            + "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>",
            template.Render([new("system", "Be brief. "), new("user", "Hi")], addGenerationPrompt: false));
        Assert.Equal(
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n<|eot_id|>"
            + "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
            template.Render([new("user", "Hi")], addGenerationPrompt: true));
    }
}
