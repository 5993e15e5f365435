using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace BetterTogether.Api;

/// <summary>
/// The JSON convention of the HTTP API (web defaults: camelCase), problem-details answers and request bodies read
/// within a size limit, with unknown fields refused (a typo must not silently run with a default).
/// </summary>
public static class ApiJson
{
    /// <summary>The largest request body the API reads (run requests and schedules are a few hundred bytes).</summary>
    public const int MaxBodyBytes = 1 << 20;

    /// <summary>How responses are written.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>How request bodies are read: as <see cref="Options"/>, and a field no type declares is an error.</summary>
    public static JsonSerializerOptions StrictOptions { get; } = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    /// <summary>A JSON answer.</summary>
    public static IResult Json(object value, int statusCode = StatusCodes.Status200OK) => Results.Json(value, Options, statusCode: statusCode);

    /// <summary>A problem-details answer (RFC 9457); <paramref name="field"/> names the offending input when there is one.</summary>
    public static IResult Problem(int statusCode, string title, string detail, string? field = null) =>
        Results.Problem(detail: detail, statusCode: statusCode, title: title, extensions: field is null ? null : new Dictionary<string, object?> { ["field"] = field });

    /// <summary>Reads the body as <typeparamref name="T"/>: a 413 past <see cref="MaxBodyBytes"/>, a 400 naming the field for bad or unknown JSON.</summary>
    /// <param name="request">The request.</param>
    /// <param name="what">What the body is, for messages ("run request").</param>
    /// <returns>The value, or the problem to answer.</returns>
    public static async Task<(T? Value, IResult? Error)> ReadBodyAsync<T>(HttpRequest request, string what)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (bytes, tooLarge) = await ReadBytesAsync(request).ConfigureAwait(false);
        if (tooLarge)
        {
            return (default, Problem(StatusCodes.Status413PayloadTooLarge, "Body too large", $"The {what} is larger than {MaxBodyBytes / 1024} KiB."));
        }

        if (bytes.Length == 0)
        {
            return (default, Problem(400, $"Invalid {what}", $"The body is empty; send the {what} as JSON."));
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(bytes, StrictOptions);
            return value is null ? (default, Problem(400, $"Invalid {what}", "The body is JSON null.")) : (value, null);
        }
        catch (JsonException e)
        {
            return (default, Problem(400, $"Invalid {what}", $"The body is not a valid {what}: {e.Message}", FieldOf(e)));
        }
    }

    /// <summary>True when the request has a body to read.</summary>
    public static bool HasBody(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0;
    }

    /// <summary>The API's base address: scheme, host and path base.</summary>
    public static string BaseUri(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"{request.Scheme}://{request.Host}{request.PathBase}";
    }

    private static async Task<(byte[] Bytes, bool TooLarge)> ReadBytesAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return ([], true);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes)
                {
                    return ([], true);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // The server's own body limit (Kestrel's MaxRequestBodySize) came first.
            return ([], true);
        }

        return (buffer.ToArray(), false);
    }

    /// <summary>The JSON path of the fault without the leading <c>$.</c> (e.g. <c>strategy</c>, <c>fineTune.rank</c>; an unknown field's own path).</summary>
    private static string? FieldOf(JsonException e) => e.Path is { Length: > 1 } path ? path.TrimStart('$').TrimStart('.') : null;

}
