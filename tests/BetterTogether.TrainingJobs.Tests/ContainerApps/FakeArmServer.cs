using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BetterTogether.TrainingJobs.Tests.ContainerApps;

/// <summary>
/// A loopback Kestrel server standing in for ARM: records every request (method, path, query, auth header, body)
/// and answers from a queue of canned responses per "METHOD path" (documented payload shapes), 404 otherwise.
/// </summary>
internal sealed class FakeArmServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(int Status, string Body, Action<HttpResponse>? Headers)>> _responses = new(StringComparer.Ordinal);

    private FakeArmServer(WebApplication app) => _app = app;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<FakeArmServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeArmServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address);
        return server;
    }

    public void Respond(string method, string path, int status, string body, Action<HttpResponse>? headers = null) =>
        _responses.GetOrAdd($"{method} {path}", _ => new()).Enqueue((status, body, headers));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        Requests.Enqueue(new RecordedRequest(
            context.Request.Method,
            context.Request.Path.Value!,
            context.Request.Query["api-version"].ToString(),
            context.Request.Headers.Authorization.ToString(),
            body));
        if (_responses.TryGetValue($"{context.Request.Method} {context.Request.Path.Value}", out var queue) && queue.TryDequeue(out var response))
        {
            context.Response.StatusCode = response.Status;
            response.Headers?.Invoke(context.Response);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(response.Body);
            return;
        }

        context.Response.StatusCode = 404;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("""{"error":{"code":"ResourceNotFound","message":"not found"}}""");
    }
}

internal sealed record RecordedRequest(string Method, string Path, string ApiVersion, string Authorization, string Body);
