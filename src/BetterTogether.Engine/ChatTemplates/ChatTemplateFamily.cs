namespace BetterTogether.Engine.ChatTemplates;

/// <summary>The chat formats the engine renders without a Jinja engine.</summary>
public enum ChatTemplateFamily
{
    /// <summary>ChatML (Qwen2, Qwen2.5): <c>&lt;|im_start|&gt;role\ncontent&lt;|im_end|&gt;\n</c>.</summary>
    ChatML,

    /// <summary>Llama-3: <c>&lt;|start_header_id|&gt;role&lt;|end_header_id|&gt;\n\ncontent&lt;|eot_id|&gt;</c> after the BOS token.</summary>
    Llama3,
}
