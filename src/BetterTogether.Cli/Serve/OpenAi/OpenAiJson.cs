using System.Text.Json;

namespace BetterTogether.Cli.Serve.OpenAi;

/// <summary>The wire JSON settings: snake_case names, nulls written (OpenAI sends <c>"finish_reason": null</c>).</summary>
internal static class OpenAiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };
}
