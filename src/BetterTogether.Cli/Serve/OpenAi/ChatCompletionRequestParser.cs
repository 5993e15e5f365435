using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace BetterTogether.Cli.Serve.OpenAi;

/// <summary>Reads and validates a chat-completions body; every fault (an unsupported field included) is a 400 that names the field.</summary>
internal static class ChatCompletionRequestParser
{
    private const int MaxStopSequences = 4;

    public static ChatCompletionRequest Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw OpenAiRequestException.BadRequest("The request body must be a JSON object.");
        }

        var n = OptionalInt(root, "n");
        if (n is not null and not 1)
        {
            throw new OpenAiRequestException(400, $"Only n = 1 is supported, got {n}.", OpenAiErrors.InvalidRequest, "unsupported_parameter", "n");
        }

        UnsupportedChatFields.Reject(root);

        var temperature = OptionalNumber(root, "temperature");
        if (temperature is < 0 or > 2)
        {
            throw OpenAiRequestException.BadRequest($"temperature must be between 0 and 2, got {temperature}.", "temperature");
        }

        var topP = OptionalNumber(root, "top_p");
        if (topP is <= 0 or > 1)
        {
            throw OpenAiRequestException.BadRequest($"top_p must be in (0, 1], got {topP}.", "top_p");
        }

        var maxTokens = OptionalInt(root, "max_completion_tokens") ?? OptionalInt(root, "max_tokens");
        if (maxTokens is <= 0)
        {
            throw OpenAiRequestException.BadRequest($"max_tokens must be positive, got {maxTokens}.", "max_tokens");
        }

        var stream = root.TryGetProperty("stream", out var s) && s.ValueKind != JsonValueKind.Null && ReadBool(s, "stream");
        var includeUsage = root.TryGetProperty("stream_options", out var so) && so.ValueKind == JsonValueKind.Object
            && so.TryGetProperty("include_usage", out var iu) && iu.ValueKind != JsonValueKind.Null && ReadBool(iu, "stream_options.include_usage");

        return new ChatCompletionRequest(
            OptionalString(root, "model"),
            ReadMessages(root),
            temperature,
            topP,
            maxTokens,
            ReadStop(root),
            OptionalLong(root, "seed"),
            stream,
            includeUsage);
    }

    private static List<ChatMessage> ReadMessages(JsonElement root)
    {
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            throw OpenAiRequestException.BadRequest("messages is required: a non-empty array of {role, content}.", "messages");
        }

        var result = new List<ChatMessage>();
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var param = $"messages[{index}]";
            if (message.ValueKind != JsonValueKind.Object)
            {
                throw OpenAiRequestException.BadRequest($"{param} must be an object.", param);
            }

            var role = OptionalString(message, "role", param + ".role");
            ChatRole chatRole = role switch
            {
                "system" or "developer" => ChatRole.System,
                "user" => ChatRole.User,
                "assistant" => ChatRole.Assistant,
                _ => throw OpenAiRequestException.BadRequest($"{param}.role must be system, developer, user or assistant, got '{role}'.", param + ".role"),
            };
            UnsupportedChatFields.RejectInMessage(message, index);
            result.Add(new ChatMessage(chatRole, ReadContent(message, param)));
            index++;
        }

        return result;
    }

    private static string ReadContent(JsonElement message, string param)
    {
        if (!message.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
        {
            throw OpenAiRequestException.BadRequest($"{param}.content is required.", param + ".content");
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString()!;
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            throw OpenAiRequestException.BadRequest($"{param}.content must be a string or an array of text parts.", param + ".content");
        }

        var text = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            if (part.ValueKind != JsonValueKind.Object || OptionalString(part, "type") != "text" || OptionalString(part, "text") is not { } piece)
            {
                throw OpenAiRequestException.BadRequest($"{param}.content: only text parts ({{\"type\":\"text\",\"text\":...}}) are supported.", param + ".content");
            }

            text.Append(piece);
        }

        return text.ToString();
    }

    private static List<string> ReadStop(JsonElement root)
    {
        if (!root.TryGetProperty("stop", out var stop) || stop.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        List<string> result = stop.ValueKind switch
        {
            JsonValueKind.String => [stop.GetString()!],
            JsonValueKind.Array when stop.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) => [.. stop.EnumerateArray().Select(e => e.GetString()!)],
            _ => throw OpenAiRequestException.BadRequest("stop must be a string or an array of strings.", "stop"),
        };
        if (result.Count > MaxStopSequences)
        {
            throw OpenAiRequestException.BadRequest($"stop takes at most {MaxStopSequences} sequences, got {result.Count}.", "stop");
        }

        return [.. result.Where(x => x.Length > 0)];
    }

    private static string? OptionalString(JsonElement obj, string name, string? param = null)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw OpenAiRequestException.BadRequest($"{param ?? name} must be a string.", param ?? name);
    }

    private static double? OptionalNumber(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && double.IsFinite(d)
            ? d
            : throw OpenAiRequestException.BadRequest($"{name} must be a number.", name);
    }

    private static int? OptionalInt(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i)
            ? i
            : throw OpenAiRequestException.BadRequest($"{name} must be an integer.", name);
    }

    private static long? OptionalLong(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var i)
            ? i
            : throw OpenAiRequestException.BadRequest($"{name} must be an integer.", name);
    }

    private static bool ReadBool(JsonElement value, string name) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw OpenAiRequestException.BadRequest($"{name} must be a boolean.", name),
    };
}
