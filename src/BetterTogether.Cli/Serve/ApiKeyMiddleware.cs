using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using BetterTogether.Cli.Serve.OpenAi;
using Microsoft.AspNetCore.Http;

namespace BetterTogether.Cli.Serve;

/// <summary>
/// Requires the API key on every request when one is configured, sent as <c>Authorization: Bearer</c> (all that
/// OpenAI clients send), header <c>x-api-key</c> or query <c>code</c> (as Functions keys). A refusal is a 401 in
/// OpenAI's error shape under <c>/v1</c> and problem details elsewhere.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, ServeOptions options)
{
    public const string HeaderName = "x-api-key";

    private readonly byte[]? _key = string.IsNullOrEmpty(options.ApiKey) ? null : Encoding.UTF8.GetBytes(options.ApiKey);

    public async Task InvokeAsync(HttpContext context)
    {
        if (_key is not null && !IsAuthorized(context.Request))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            var refusal = OpenAiErrorShapes.IsOpenAiPath(context.Request.Path)
                ? OpenAiErrors.InvalidApiKey()
                : Results.Problem(
                    statusCode: StatusCodes.Status401Unauthorized,
                    title: "API key required",
                    detail: $"Send the server's API key as 'Authorization: Bearer <key>', in the '{HeaderName}' header or in the 'code' query parameter.");
            await refusal.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    private static string? BearerToken(HttpRequest request) =>
        AuthenticationHeaderValue.TryParse(request.Headers.Authorization.FirstOrDefault(), out var header)
        && string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase)
            ? header.Parameter
            : null;

    private bool IsAuthorized(HttpRequest request) =>
        Matches(BearerToken(request)) || Matches(request.Headers[HeaderName].FirstOrDefault()) || Matches(request.Query["code"].FirstOrDefault());

    private bool Matches(string? given) => given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), _key);
}
