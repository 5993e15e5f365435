using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using BetterTogether.Core.LanguageModels;
using Microsoft.Extensions.AI;

namespace BetterTogether.Workflow.Caching;

/// <summary>The content address of a chat request: SHA-256 (hex) of a canonical JSON of everything that shapes the response.</summary>
internal static class ChatCacheKey
{
    public static string Compute(IEnumerable<ChatMessage> messages, ChatOptions? options, string? defaultModelId)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", options?.ModelId ?? defaultModelId);
            json.WriteString("adapter", Property(options, ChatOptionKeys.AdapterName));
            json.WriteString("rollout", Property(options, ChatOptionKeys.RolloutId));
            WriteNumber(json, "temperature", options?.Temperature);
            WriteNumber(json, "top_p", options?.TopP);
            WriteNumber(json, "max_tokens", options?.MaxOutputTokens);
            WriteNumber(json, "seed", options?.Seed);
            json.WriteStartArray("stop");
            foreach (var stop in options?.StopSequences ?? [])
            {
                json.WriteStringValue(stop);
            }

            json.WriteEndArray();
            json.WriteString("instructions", options?.Instructions);
            json.WriteString("format", Describe(options?.ResponseFormat));
            json.WritePropertyName("messages");
            JsonSerializer.Serialize(json, messages.ToList(), AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(List<ChatMessage>)));
            json.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    private static string? Property(ChatOptions? options, string key)
        => options?.AdditionalProperties?.TryGetValue(key, out var value) == true ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;

    private static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static string? Describe(ChatResponseFormat? format) => format switch
    {
        null => null,
        ChatResponseFormatText => "text",
        ChatResponseFormatJson j => $"json:{j.SchemaName}:{j.Schema?.GetRawText()}",
        _ => format.GetType().Name,
    };
}
