using Microsoft.AspNetCore.Http;

namespace BetterTogether.Cli.Serve.OpenAi;

/// <summary>Answers in OpenAI's error shape: <c>{"error":{"message","type","param","code"}}</c>.</summary>
internal static class OpenAiErrors
{
    public const string InvalidRequest = "invalid_request_error";
    public const string NotFound = "not_found_error";
    public const string RateLimit = "rate_limit_error";
    public const string Server = "server_error";

    public static IResult From(OpenAiRequestException exception) =>
        Create(exception.StatusCode, exception.Message, exception.Type, exception.Code, exception.Param);

    public static IResult Create(int statusCode, string message, string type, string? code = null, string? param = null) =>
        Results.Json(new ErrorEnvelope(new ErrorBody(message, type, param, code)), OpenAiJson.Options, statusCode: statusCode);

    public static IResult UnknownModel(string model) =>
        Create(StatusCodes.Status404NotFound, $"The model '{model}' does not exist.", InvalidRequest, "model_not_found", "model");

    public static IResult InvalidApiKey() =>
        Create(StatusCodes.Status401Unauthorized, "Incorrect or missing API key. Send the server's key as 'Authorization: Bearer <key>'.", InvalidRequest, "invalid_api_key");

    public static IResult Overloaded(HttpContext context, OpenAiEngineHost host)
    {
        context.Response.Headers.RetryAfter = host.Options.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Create(
            StatusCodes.Status429TooManyRequests,
            $"The server is at its limit of {host.Admission.Limit} concurrent requests; retry later.",
            RateLimit,
            "rate_limit_exceeded");
    }

    internal sealed record ErrorEnvelope(ErrorBody Error);

    internal sealed record ErrorBody(string Message, string Type, string? Param, string? Code);
}
