using System.Net;
using BetterTogether.Cli.Serve.OpenAi;
using BetterTogether.OpenAI.Adapters;
using BetterTogether.OpenAI.Chat;
using Microsoft.Extensions.AI;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace BetterTogether.Cli.Tests.Serve.OpenAi;

/// <summary>Kestrel on 127.0.0.1 (any free port) with the OpenAI-compatible endpoints over <see cref="TinyServedModel"/>.</summary>
internal sealed class OpenAiTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OpenAiTestServer(WebApplication app, OpenAiEngineHost host, Uri baseUri)
    {
        _app = app;
        Host = host;
        BaseUri = baseUri;
        Http = new HttpClient { BaseAddress = baseUri, Timeout = Timeout.InfiniteTimeSpan };
    }

    public OpenAiEngineHost Host { get; }

    /// <summary>The server's <c>/v1/</c> base address.</summary>
    public Uri BaseUri { get; }

    public HttpClient Http { get; }

    public static async Task<OpenAiTestServer> StartAsync(OpenAiServingOptions? options = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.UseOpenAiErrorShapes();
        var host = new OpenAiEngineHost(TinyServedModel.Model, options);
        app.MapOpenAiCompatibleEndpoints(host);
        await app.StartAsync();
        var address = app.Urls.Single();
        return new OpenAiTestServer(app, host, new Uri(address.TrimEnd('/') + "/v1/"));
    }

    /// <summary>Our client pipeline, with retries and the breaker off so each status reaches the test.</summary>
    public IChatClient CreateClient() => OpenAIChatPipeline.Create(ClientOptions());

    public VllmAdapterLoader CreateAdapterLoader() => new(Http, new VllmAdapterLoaderOptions { Endpoint = BaseUri, Resilience = { MaxRetries = 0, UseCircuitBreaker = false } });

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Host.Dispose();
    }

    private OpenAIChatClientOptions ClientOptions() => new()
    {
        Endpoint = BaseUri,
        DefaultModelId = TinyServedModel.Name,
        HttpClient = Http,
        Resilience = { MaxRetries = 0, UseCircuitBreaker = false },
    };
}
