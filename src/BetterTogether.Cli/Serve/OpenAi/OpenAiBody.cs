using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace BetterTogether.Cli.Serve.OpenAi;

/// <summary>Reads a request body as JSON; a malformed or empty body is a 400.</summary>
internal static class OpenAiBody
{
    public static async Task<JsonDocument> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonDocument.ParseAsync(request.Body, default, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new OpenAiRequestException($"The request body is not valid JSON: {ex.Message}", ex);
        }
    }
}
