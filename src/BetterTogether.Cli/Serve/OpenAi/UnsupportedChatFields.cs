using System.Text.Json;

namespace BetterTogether.Cli.Serve.OpenAi;

/// <summary>
/// Chat-completions fields the engine cannot honour. Each is accepted only when absent, null or set to the value that
/// asks for nothing (<c>tools: []</c>, <c>logprobs: false</c>, <c>response_format: {"type":"text"}</c>...); any other
/// value is a 400 naming the field, rather than an answer that silently ignores what was asked.
/// </summary>
internal static class UnsupportedChatFields
{
    private static readonly Field[] Fields =
    [
        new("tools", IsEmptyArray, "[]", "tool calling is not supported"),
        new("tool_choice", e => IsString(e, "none"), "\"none\"", "tool calling is not supported"),
        new("functions", IsEmptyArray, "[]", "function calling is not supported"),
        new("function_call", e => IsString(e, "none"), "\"none\"", "function calling is not supported"),
        new("logprobs", e => e.ValueKind == JsonValueKind.False, "false", "log probabilities are not returned"),
        new("top_logprobs", e => IsZero(e), "0", "log probabilities are not returned"),
        new("response_format", IsTextFormat, "{\"type\":\"text\"}", "only plain text is generated, no JSON mode or schema"),
        new("logit_bias", e => e.ValueKind == JsonValueKind.Object && !e.EnumerateObject().Any(), "{}", "logit bias is not supported"),
        new("presence_penalty", IsZero, "0", "penalties are not supported"),
        new("frequency_penalty", IsZero, "0", "penalties are not supported"),
        new("modalities", e => e.ValueKind == JsonValueKind.Array && e.EnumerateArray().All(m => IsString(m, "text")), "[\"text\"]", "only text is generated"),
        new("audio", _ => false, null, "only text is generated"),
        new("prediction", _ => false, null, "predicted outputs are not supported"),
        new("web_search_options", _ => false, null, "web search is not supported"),
        new("reasoning_effort", _ => false, null, "the served model does not reason"),
    ];

    /// <summary>Throws for the first unsupported field <paramref name="root"/> sets.</summary>
    /// <exception cref="OpenAiRequestException">A field asks for something the engine cannot do.</exception>
    public static void Reject(JsonElement root)
    {
        foreach (var field in Fields)
        {
            if (root.TryGetProperty(field.Name, out var value) && value.ValueKind != JsonValueKind.Null && !field.IsNeutral(value))
            {
                var remedy = field.Neutral is null ? "leave it out" : $"leave it out or send {field.Neutral}";
                throw new OpenAiRequestException(
                    400,
                    $"'{field.Name}' is not supported by this server: {field.Reason}; {remedy}.",
                    OpenAiErrors.InvalidRequest,
                    "unsupported_parameter",
                    field.Name);
            }
        }
    }

    /// <summary>Throws when message <paramref name="index"/> carries tool calls.</summary>
    /// <exception cref="OpenAiRequestException">The message has a non-empty <c>tool_calls</c>.</exception>
    public static void RejectInMessage(JsonElement message, int index)
    {
        if (message.TryGetProperty("tool_calls", out var calls) && calls.ValueKind != JsonValueKind.Null && !IsEmptyArray(calls))
        {
            var param = $"messages[{index}].tool_calls";
            throw new OpenAiRequestException(400, $"'{param}' is not supported by this server: tool calling is not supported.", OpenAiErrors.InvalidRequest, "unsupported_parameter", param);
        }
    }

    private static bool IsEmptyArray(JsonElement value) => value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 0;

    private static bool IsString(JsonElement value, string expected) => value.ValueKind == JsonValueKind.String && value.GetString() == expected;

    private static bool IsZero(JsonElement value) => value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && number == 0;

    private static bool IsTextFormat(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty("type", out var type) && IsString(type, "text");

    /// <summary>A field, the test for its harmless value, that value as JSON (null: none), and why others are refused.</summary>
    private sealed record Field(string Name, Func<JsonElement, bool> IsNeutral, string? Neutral, string Reason);
}
