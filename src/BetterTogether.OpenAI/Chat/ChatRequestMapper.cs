using Microsoft.Extensions.AI;
using Sdk = OpenAI.Chat;

namespace BetterTogether.OpenAI.Chat;

/// <summary>Maps Microsoft.Extensions.AI requests onto the OpenAI SDK's chat types.</summary>
internal static class ChatRequestMapper
{
    public static List<Sdk.ChatMessage> ToSdkMessages(IEnumerable<ChatMessage> messages)
    {
        var result = new List<Sdk.ChatMessage>();
        var index = 0;
        foreach (var message in messages)
        {
            ArgumentNullException.ThrowIfNull(message);
            foreach (var content in message.Contents)
            {
                if (content is not TextContent and not UsageContent)
                {
                    throw new NotSupportedException($"Message {index} ({message.Role}) holds {content.GetType().Name}; the OpenAI-compatible client sends text only.");
                }
            }

            var text = message.Text;
            Sdk.ChatMessage mapped = message.Role.Value switch
            {
                "system" => new Sdk.SystemChatMessage(text),
                "user" => new Sdk.UserChatMessage(text),
                "assistant" => new Sdk.AssistantChatMessage(text),
                _ => throw new NotSupportedException($"Message {index} has role '{message.Role}'; supported roles are system, user and assistant."),
            };
            result.Add(mapped);
            index++;
        }

        if (result.Count == 0)
        {
            throw new ArgumentException("A chat request needs at least one message.", nameof(messages));
        }

        return result;
    }

    public static Sdk.ChatCompletionOptions ToSdkOptions(ChatOptions? options)
    {
        var result = new Sdk.ChatCompletionOptions();
        if (options is null)
        {
            return result;
        }

        result.Temperature = options.Temperature;
        result.TopP = options.TopP;
        result.MaxOutputTokenCount = options.MaxOutputTokens;
        result.FrequencyPenalty = options.FrequencyPenalty;
        result.PresencePenalty = options.PresencePenalty;
#pragma warning disable OPENAI001 // Seed is marked experimental in the SDK; servers (vLLM, OpenAI) accept it.
        result.Seed = options.Seed;
#pragma warning restore OPENAI001
        if (options.StopSequences is { Count: > 0 } stops)
        {
            foreach (var stop in stops)
            {
                result.StopSequences.Add(stop);
            }
        }

        return result;
    }
}
