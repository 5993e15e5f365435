using System.Text.Json.Serialization;

namespace BetterTogether.Core.FineTuning;

/// <summary>
/// One fine-tuning record in the OpenAI chat format: <c>{"messages":[{"role":…,"content":…},…]}</c>.
/// Loss is taken on the assistant messages only.
/// </summary>
/// <param name="Messages">The conversation, typically system, user, assistant.</param>
public sealed record ChatRecord([property: JsonPropertyName("messages")] IReadOnlyList<ChatRecordMessage> Messages);

/// <summary>One message of a <see cref="ChatRecord"/>.</summary>
/// <param name="Role"><c>system</c>, <c>user</c> or <c>assistant</c>.</param>
/// <param name="Content">The message text.</param>
public sealed record ChatRecordMessage(
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("content")] string Content);
