using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace BetterTogether.Cli.Serve;

/// <summary>The JSON convention of the HTTP API (web defaults: camelCase) and problem-details helpers.</summary>
internal static class ServeJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    public static IResult Json(object value, int statusCode = StatusCodes.Status200OK) => Results.Json(value, Options, statusCode: statusCode);

    public static IResult Problem(int statusCode, string title, string detail, string? field = null) =>
        Results.Problem(detail: detail, statusCode: statusCode, title: title, extensions: field is null ? null : new Dictionary<string, object?> { ["field"] = field });

    public static async Task<(T? Value, IResult? Error)> ReadBodyAsync<T>(HttpRequest request, string what)
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, Options, request.HttpContext.RequestAborted).ConfigureAwait(false);
            return value is null ? (default, Problem(400, $"Invalid {what}", "The body is empty or null.")) : (value, null);
        }
        catch (JsonException e)
        {
            return (default, Problem(400, $"Invalid {what}", $"The body is not a valid {what}: {e.Message}", e.Path));
        }
    }

    public static string BaseUri(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";
}
