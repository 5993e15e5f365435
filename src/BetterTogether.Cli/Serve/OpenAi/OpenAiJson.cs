using System.Text.Encodings.Web;
using System.Text.Json;

namespace BetterTogether.Cli.Serve.OpenAi;

/// <summary>
/// The wire JSON settings: snake_case names, nulls written (OpenAI sends <c>"finish_reason": null</c>), and text
/// unescaped beyond what JSON needs (<c>2+3</c>, not <c>2\u002B3</c>): these bodies are never embedded in HTML.
/// </summary>
internal static class OpenAiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
