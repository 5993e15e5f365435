using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace BetterTogether.Cli.Serve.OpenAi;

/// <summary>
/// Gives the bodiless 404 (no such route) and 405 (wrong method) that routing answers under <c>/v1</c> OpenAI's
/// error shape, so OpenAI clients can read them; responses that already have a body are left alone.
/// </summary>
public static class OpenAiErrorShapes
{
    /// <summary>The OpenAI-compatible API's path prefix.</summary>
    public const string PathPrefix = "/v1";

    /// <summary>Adds the status-code handler for <c>/v1</c> requests (before the endpoints run).</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application, for chaining.</returns>
    public static IApplicationBuilder UseOpenAiErrorShapes(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseWhen(context => IsOpenAiPath(context.Request.Path), branch => branch.UseStatusCodePages(WriteAsync));
    }

    /// <summary>Whether <paramref name="path"/> is under <see cref="PathPrefix"/>.</summary>
    internal static bool IsOpenAiPath(PathString path) => path.StartsWithSegments(PathPrefix, StringComparison.OrdinalIgnoreCase);

    private static Task WriteAsync(StatusCodeContext status)
    {
        var context = status.HttpContext;
        var request = context.Request;
        var error = context.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => OpenAiErrors.Create(
                StatusCodes.Status404NotFound,
                $"Invalid URL ({request.Method} {request.Path}).",
                OpenAiErrors.InvalidRequest,
                "unknown_url"),
            StatusCodes.Status405MethodNotAllowed => OpenAiErrors.Create(
                StatusCodes.Status405MethodNotAllowed,
                $"{request.Method} is not allowed on {request.Path}{AllowedMethods(context.Response)}.",
                OpenAiErrors.InvalidRequest,
                "method_not_allowed"),
            _ => null,
        };
        return error is null ? Task.CompletedTask : error.ExecuteAsync(context);
    }

    private static string AllowedMethods(HttpResponse response) =>
        response.Headers.Allow is { Count: > 0 } allow ? $"; use {allow}" : string.Empty;
}
