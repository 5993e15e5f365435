using System.Net;
using BetterTogether.Cli.Hosting;
using BetterTogether.Cli.Serve.Schedules;
using Microsoft.AspNetCore.Builder;
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
        builder.Services.AddSingleton(new ScheduleStore(host.Store));
        builder.Services.AddSingleton(timeProvider ?? TimeProvider.System);

        // Registration order is start order: the runtime resumes unfinished runs before the scheduler starts new ones.
        builder.Services.AddHostedService<RuntimeHostedService>();
        builder.Services.AddSingleton<ScheduleRunner>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ScheduleRunner>());

        var app = builder.Build();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.MapRunEndpoints();
        app.MapScheduleEndpoints();
        mapAdditionalEndpoints?.Invoke(app);
        return app;
    }
}
