using System.Net;
using BetterTogether.Api;
using BetterTogether.Api.Runs;
using BetterTogether.Cli.Hosting;
using BetterTogether.Cli.Serve.OpenAi;
using BetterTogether.Cli.Serve.Schedules;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BetterTogether.Cli.Serve;

/// <summary>Builds the <c>bt serve</c> web application: run and schedule endpoints, the API key check, the runtime and the scheduler.</summary>
public static class ServeApplication
{
    /// <summary>Builds (does not start) the application.</summary>
    /// <param name="options">Address, port, API key, scheduler settings; validated here.</param>
    /// <param name="host">The optimization host (store, LM, fine-tuner, runtime); started and stopped with the app, not disposed.</param>
    /// <param name="timeProvider">The scheduler's clock; the system clock when null.</param>
    /// <param name="mapAdditionalEndpoints">
    /// The hook for more endpoint groups (e.g. the OpenAI-compatible <c>/v1/*</c> endpoints); they sit behind the same API key check.
    /// </param>
    /// <param name="configureLogging">Adjusts logging (tests silence it).</param>
    /// <exception cref="InvalidOperationException">The host is not loopback and no API key is set.</exception>
    public static WebApplication Build(
        ServeOptions options,
        OptimizationHost host,
        TimeProvider? timeProvider = null,
        Action<IEndpointRouteBuilder>? mapAdditionalEndpoints = null,
        Action<ILoggingBuilder>? configureLogging = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(host);
        options.Validate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (string.Equals(options.Host, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                kestrel.ListenLocalhost(options.Port);
            }
            else
            {
                kestrel.Listen(IPAddress.Parse(options.Host), options.Port);
            }
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        configureLogging?.Invoke(builder.Logging);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(host);
        builder.Services.AddSingleton(host.Environment);
        builder.Services.AddSingleton<IReadOnlyRunSource>(new OptimizeCommandRuns(host.Store));
        builder.Services.AddSingleton(timeProvider ?? TimeProvider.System);
        builder.Services.AddBetterTogetherApi(options.MissedSlotWindow);

        // Registration order is start order: the runtime resumes unfinished runs before the scheduler starts new ones.
        builder.Services.AddHostedService<RuntimeHostedService>();
        builder.Services.AddSingleton<ScheduleRunner>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ScheduleRunner>());

        var app = builder.Build();
        app.UseStatusCodePages(WriteProblemAsync);
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseOpenAiErrorShapes();
        app.MapBetterTogetherApi(_ => host.Client);
        mapAdditionalEndpoints?.Invoke(app);
        return app;
    }

    /// <summary>
    /// Gives an answer with no body (an unknown route's 404, a wrong verb's 405, Kestrel's 413) problem details, so every
    /// 4xx says what was wrong. The OpenAI-compatible routes (<c>/v1</c>) answer in OpenAI's error shape themselves.
    /// </summary>
    private static Task WriteProblemAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        if (http.Request.Path.StartsWithSegments("/v1"))
        {
            return Task.CompletedTask;
        }

        var (title, detail) = http.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => ("Not found", $"No route matches {http.Request.Method} {http.Request.Path}; see docs/HTTP-API.md."),
            StatusCodes.Status405MethodNotAllowed => ("Method not allowed", $"{http.Request.Method} is not allowed on {http.Request.Path}; see docs/HTTP-API.md."),
            StatusCodes.Status413PayloadTooLarge => ("Body too large", $"The body is larger than this server accepts ({ApiJson.MaxBodyBytes / 1024} KiB for run requests)."),
            var code => (ReasonPhrases.GetReasonPhrase(code), $"{http.Request.Method} {http.Request.Path} answered {code}."),
        };
        return ApiJson.Problem(http.Response.StatusCode, title, detail).ExecuteAsync(http);
    }
}
