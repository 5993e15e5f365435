using BetterTogether.Core.FineTuning;
using Microsoft.Extensions.AI;

namespace BetterTogether.Engine.ChatTemplates;

/// <summary>One message of a conversation.</summary>
/// <param name="Role">The role: <c>system</c>, <c>user</c> or <c>assistant</c> (others pass through).</param>
/// <param name="Content">The message text.</param>
public readonly record struct ChatTurn(string Role, string Content)
{
    /// <summary>The role name of assistant messages, the ones trained on.</summary>
    public const string AssistantRole = "assistant";

    /// <summary>The role name of system messages.</summary>
    public const string SystemRole = "system";

    /// <summary>The turns of a fine-tuning record.</summary>
    public static IReadOnlyList<ChatTurn> From(ChatRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return [.. record.Messages.Select(m => new ChatTurn(m.Role, m.Content))];
    }

    /// <summary>The turns of Microsoft.Extensions.AI chat messages (their text content; role names as given).</summary>
    public static IReadOnlyList<ChatTurn> From(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return [.. messages.Select(m => new ChatTurn(m.Role.Value, m.Text))];
    }
}
