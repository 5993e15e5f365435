using Microsoft.Extensions.AI;
using Sdk = OpenAI.Chat;

namespace BetterTogether.OpenAI.Chat;

/// <summary>Maps the OpenAI SDK's completions back onto Microsoft.Extensions.AI types.</summary>
internal static class ChatResponseMapper
{
    public static ChatResponse ToResponse(Sdk.ChatCompletion completion)
    {
        var text = string.Concat(completion.Content.Select(part => part.Text));
        var message = new ChatMessage(ChatRole.Assistant, text) { MessageId = completion.Id };
        return new ChatResponse(message)
        {
            ResponseId = completion.Id,
            ModelId = completion.Model,
            CreatedAt = completion.CreatedAt,
            FinishReason = ToFinishReason(completion.FinishReason),
            Usage = ToUsage(completion.Usage),
            RawRepresentation = completion,
        };
    }

    public static ChatResponseUpdate ToUpdate(Sdk.StreamingChatCompletionUpdate update)
    {
        var result = new ChatResponseUpdate
        {
            ResponseId = update.CompletionId,
            MessageId = update.CompletionId,
            ModelId = update.Model,
            CreatedAt = update.CreatedAt,
            Role = update.Role is null ? null : ToRole(update.Role.Value),
            FinishReason = update.FinishReason is null ? null : ToFinishReason(update.FinishReason.Value),
            RawRepresentation = update,
        };
        foreach (var part in update.ContentUpdate)
        {
            if (!string.IsNullOrEmpty(part.Text))
            {
                result.Contents.Add(new TextContent(part.Text));
            }
        }

        if (ToUsage(update.Usage) is { } usage)
        {
            result.Contents.Add(new UsageContent(usage));
        }

        return result;
    }

    public static UsageDetails? ToUsage(Sdk.ChatTokenUsage? usage) => usage is null
        ? null
        : new UsageDetails
        {
            InputTokenCount = usage.InputTokenCount,
            OutputTokenCount = usage.OutputTokenCount,
            TotalTokenCount = usage.TotalTokenCount,
        };

    public static ChatFinishReason ToFinishReason(Sdk.ChatFinishReason reason) => reason switch
    {
        Sdk.ChatFinishReason.Stop => ChatFinishReason.Stop,
        Sdk.ChatFinishReason.Length => ChatFinishReason.Length,
        Sdk.ChatFinishReason.ContentFilter => ChatFinishReason.ContentFilter,
        Sdk.ChatFinishReason.ToolCalls or Sdk.ChatFinishReason.FunctionCall => ChatFinishReason.ToolCalls,
        _ => new ChatFinishReason(reason.ToString()),
    };

    private static ChatRole ToRole(Sdk.ChatMessageRole role) => role switch
    {
        Sdk.ChatMessageRole.System => ChatRole.System,
        Sdk.ChatMessageRole.User => ChatRole.User,
        Sdk.ChatMessageRole.Tool => ChatRole.Tool,
        _ => ChatRole.Assistant,
    };
}
