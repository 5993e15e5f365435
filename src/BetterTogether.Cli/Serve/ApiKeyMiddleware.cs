using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace BetterTogether.Cli.Serve;

/// <summary>Requires the API key (header <c>x-api-key</c> or query <c>code</c>, as Functions keys) on every request when one is configured.</summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, ServeOptions options)
{
    public const string HeaderName = "x-api-key";

    private readonly byte[]? _key = string.IsNullOrEmpty(options.ApiKey) ? null : Encoding.UTF8.GetBytes(options.ApiKey);

    public async Task InvokeAsync(HttpContext context)
    {
        if (_key is not null)
        {
            var given = context.Request.Headers[HeaderName].FirstOrDefault() ?? context.Request.Query["code"].FirstOrDefault();
            if (given is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), _key))
            {
                await Results.Problem(
                    statusCode: StatusCodes.Status401Unauthorized,
                    title: "API key required",
                    detail: $"Send the server's API key in the '{HeaderName}' header or the 'code' query parameter.").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }
        }

        await next(context).ConfigureAwait(false);
    }
}
