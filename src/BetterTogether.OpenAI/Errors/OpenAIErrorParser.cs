using System.ClientModel;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using BetterTogether.Core.LanguageModels;

namespace BetterTogether.OpenAI.Errors;

/// <summary>Reads OpenAI-style error bodies and <c>Retry-After</c> headers; maps SDK failures to <see cref="OpenAIEndpointException"/>.</summary>
internal static class OpenAIErrorParser
{
    /// <summary>The largest error body kept in an exception, so a huge HTML error page does not flood logs.</summary>
    private const int MaxRawMessageLength = 2_000;

    public static OpenAIEndpointException FromClientResult(ClientResultException exception, string operation, Uri endpoint, TimeProvider timeProvider)
    {
        var response = exception.GetRawResponse();
        if (response is null || exception.Status == 0)
        {
            return new OpenAIEndpointException(OpenAIEndpointFailure.Network, operation, endpoint, null, new OpenAIErrorBody(exception.Message, null, null, null), null, exception);
        }

        string? body = null;
        try
        {
            body = response.Content?.ToString();
        }
        catch (InvalidOperationException)
        {
            // A streamed body that was not buffered: the status alone describes the failure.
        }

        var retryAfter = ReadRetryAfter(
            name => response.Headers.TryGetValue(name, out var value) ? value : null,
            timeProvider);
        return new OpenAIEndpointException(OpenAIEndpointFailure.HttpError, operation, endpoint, response.Status, Parse(body), retryAfter, exception);
    }

    /// <summary>
    /// The exception a chat call throws for an SDK failure: <see cref="FromClientResult"/>'s, except that a 400 saying
    /// the request is longer than the model's context (OpenAI's <c>context_length_exceeded</c> code, vLLM's "maximum
    /// context length" message) becomes a <see cref="ContextWindowExceededException"/>, so predictors can leave demos out.
    /// </summary>
    public static Exception FromChatClientResult(ClientResultException clientResult, string operation, Uri endpoint, TimeProvider timeProvider)
    {
        var exception = FromClientResult(clientResult, operation, endpoint, timeProvider);
        var error = exception.Error;
        var tooLong = exception.StatusCode == 400
            && (string.Equals(error?.Code, "context_length_exceeded", StringComparison.OrdinalIgnoreCase)
                || error?.Message?.Contains("maximum context length", StringComparison.OrdinalIgnoreCase) == true);
        return tooLong ? new ContextWindowExceededException(exception.Message, exception) : exception;
    }

    /// <summary>A 2xx answer whose body the SDK could not read (a proxy's HTML page, a truncated stream).</summary>
    public static OpenAIEndpointException InvalidResponse(JsonException exception, string operation, Uri endpoint) =>
        new(OpenAIEndpointFailure.InvalidResponse, operation, endpoint, 200, new OpenAIErrorBody(exception.Message, null, null, null), null, exception);

    public static OpenAIEndpointException FromHttpResponse(int status, string? body, HttpResponseHeaders headers, string operation, Uri endpoint, TimeProvider timeProvider)
    {
        var retryAfter = ReadRetryAfter(
            name => headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null,
            timeProvider);
        return new OpenAIEndpointException(OpenAIEndpointFailure.HttpError, operation, endpoint, status, Parse(body), retryAfter, null);
    }

    /// <summary>Parses <c>{"error":{...}}</c>, vLLM's older top-level <c>{"object":"error","message":...}</c>, or keeps raw text.</summary>
    public static OpenAIErrorBody? Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                var error = root.TryGetProperty("error", out var nested) && nested.ValueKind == JsonValueKind.Object ? nested : root;
                var message = ReadString(error, "message")
                    ?? (root.TryGetProperty("error", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null)
                    ?? ReadString(root, "detail");
                if (message is not null)
                {
                    return new OpenAIErrorBody(message, ReadString(error, "type"), ReadString(error, "code"), ReadString(error, "param"));
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, plain text): keep the text itself.
        }

        var raw = body.Trim();
        return new OpenAIErrorBody(raw.Length > MaxRawMessageLength ? raw[..MaxRawMessageLength] : raw, null, null, null);
    }

    /// <summary>Reads <c>retry-after-ms</c> (OpenAI, Azure) first, then <c>Retry-After</c> as seconds or an HTTP date.</summary>
    public static TimeSpan? ReadRetryAfter(Func<string, string?> header, TimeProvider timeProvider)
    {
        if (header("retry-after-ms") is { } ms
            && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds)
            && milliseconds >= 0)
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        if (header("Retry-After") is not { } value)
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static string? ReadString(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
    }
}
