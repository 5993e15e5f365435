using System.Text;
using System.Text.RegularExpressions;

namespace BetterTogether.Engine.ChatTemplates;

/// <summary>Recognizes a chat template's family (and its fixed strings) from markers in the Jinja source.</summary>
internal static partial class ChatTemplateDetector
{
    /// <summary>The <c>date_string</c> Llama-3.1+ templates fall back to when none is passed (kept fixed for reproducibility).</summary>
    public const string Llama3DefaultDate = "26 Jul 2024";

    /// <summary>The family whose markers the template contains, or null.</summary>
    public static ChatTemplateFamily? Detect(string? template)
    {
        if (string.IsNullOrEmpty(template))
        {
            return null;
        }

        if (template.Contains("<|im_start|>", StringComparison.Ordinal) && template.Contains("<|im_end|>", StringComparison.Ordinal))
        {
            return ChatTemplateFamily.ChatML;
        }

        if (template.Contains("<|start_header_id|>", StringComparison.Ordinal) && template.Contains("<|end_header_id|>", StringComparison.Ordinal)
            && template.Contains("<|eot_id|>", StringComparison.Ordinal))
        {
            return ChatTemplateFamily.Llama3;
        }

        return null;
    }

    /// <summary>
    /// A ChatML template's built-in system message (Qwen2: "You are a helpful assistant.") when the
    /// template holds it as one quoted literal <c>'&lt;|im_start|&gt;system\n…&lt;|im_end|&gt;\n'</c>.
    /// </summary>
    public static string? ChatMLDefaultSystemPrompt(string? template)
    {
        if (template is null)
        {
            return null;
        }

        var match = DefaultSystemLiteral().Match(template);
        return match.Success ? UnescapeJinja(match.Groups[1].Value) : null;
    }

    /// <summary>The preamble Llama-3.1+ templates put at the start of the system message, or null for Llama-3.0 templates.</summary>
    public static string? Llama3SystemPreamble(string? template) =>
        template is not null && template.Contains("Cutting Knowledge Date: December 2023", StringComparison.Ordinal)
            ? $"Cutting Knowledge Date: December 2023\nToday Date: {Llama3DefaultDate}\n\n"
            : null;

    private static string UnescapeJinja(string literal)
    {
        var sb = new StringBuilder(literal.Length);
        for (var i = 0; i < literal.Length; i++)
        {
            if (literal[i] == '\\' && i + 1 < literal.Length)
            {
                i++;
                sb.Append(literal[i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var c => c });
            }
            else
            {
                sb.Append(literal[i]);
            }
        }

        return sb.ToString();
    }

    [GeneratedRegex(@"'<\|im_start\|>system\\n((?:[^'{}\\]|\\.)*?)<\|im_end\|>\\n'")]
    private static partial Regex DefaultSystemLiteral();
}
