using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BetterTogether.Storage.Tests.Infrastructure;

/// <summary>
/// A Kestrel server on loopback that answers each request with the next scripted step (a status code, a
/// Retry-After, a hang, or a dropped connection) and records every request it saw.
/// </summary>
public sealed class FaultServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _script = new();
    private readonly Func<HttpContext, Task> _fallback;

    private FaultServer(WebApplication app, Func<HttpContext, Task> fallback)
    {
        _app = app;
        _fallback = fallback;
    }

    /// <summary>Every request seen, in order: method, path and query, and headers.</summary>
    public ConcurrentQueue<SeenRequest> Requests { get; } = new();

    /// <summary>The server's base URL, e.g. <c>http://127.0.0.1:PORT</c>.</summary>
    public Uri BaseUri { get; private set; } = new("http://127.0.0.1");

    public int CallCount => Requests.Count;

    public static async Task<FaultServer> StartAsync(Func<HttpContext, Task>? fallback = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FaultServer(app, fallback ?? (ctx => Status(201)(ctx)));
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address);
        return server;
    }

    /// <summary>Queues the answers of the next requests.</summary>
    public void Enqueue(params Func<HttpContext, Task>[] steps)
    {
        foreach (var step in steps)
        {
            _script.Enqueue(step);
        }
    }

    public static Func<HttpContext, Task> Status(int status, string? retryAfter = null) => ctx =>
    {
        ctx.Response.StatusCode = status;
        if (retryAfter is not null)
        {
            ctx.Response.Headers.RetryAfter = retryAfter;
        }

        if (status is 200 or 201)
        {
            ctx.Response.Headers.ETag = "\"0x8DC0000000000001\"";
            ctx.Response.Headers.LastModified = "Sun, 22 Nov 2026 10:00:00 GMT";
        }
        else if (status >= 400)
        {
            // The codes the Blob service sends with these statuses: the SDK reads them (it retries on ServerBusy, for one).
            ctx.Response.Headers["x-ms-error-code"] = status switch
            {
                400 => "InvalidHeaderValue",
                409 => "BlobAlreadyExists",
                412 => "ConditionNotMet",
                500 => "InternalError",
                _ => "ServerBusy",
            };
        }

        return Task.CompletedTask;
    };

    /// <summary>Drops the connection without an answer (a transient network error for the client).</summary>
    public static Func<HttpContext, Task> Drop() => ctx =>
    {
        ctx.Abort();
        return Task.CompletedTask;
    };

    /// <summary>Holds the request without answering until the client gives up (an attempt timeout for the client).</summary>
    public static Func<HttpContext, Task> Hang() => async ctx =>
    {
        try
        {
            await Task.Delay(Timeout.Infinite, ctx.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client hung up, as intended.
        }
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        Requests.Enqueue(new SeenRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, headers, body.Length));
        var step = _script.TryDequeue(out var next) ? next : _fallback;
        await step(context);
    }
}

/// <summary>A request the fault server saw.</summary>
public sealed record SeenRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, long BodyLength);
