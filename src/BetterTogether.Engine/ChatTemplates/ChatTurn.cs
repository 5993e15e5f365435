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
}
