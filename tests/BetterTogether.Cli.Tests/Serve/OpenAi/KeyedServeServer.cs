using BetterTogether.Cli.Hosting;
using BetterTogether.Cli.Serve;
using BetterTogether.Cli.Serve.OpenAi;
using BetterTogether.Durable;
using BetterTogether.Storage.FileSystem;
using BetterTogether.Workflow.Optimization;
using BetterTogether.Workflow.Tests.Optimization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace BetterTogether.Cli.Tests.Serve.OpenAi;

/// <summary>
/// A real <c>bt serve</c> application (<see cref="ServeApplication"/>) on 127.0.0.1 with an API key, serving
/// <see cref="TinyServedModel"/> over <c>/v1</c> beside the run API, as <c>bt serve --model</c> does.
/// </summary>
internal sealed class KeyedServeServer : IAsyncDisposable
{
    public const string ApiKey = "sk-bt-serve-test";

    private readonly string _folder;
    private readonly OptimizationHost _host;
    private readonly OpenAiEngineHost _openAi;
    private readonly WebApplication _app;

    private KeyedServeServer(string folder, OptimizationHost host, OpenAiEngineHost openAi, WebApplication app)
    {
        _folder = folder;
        _host = host;
        _openAi = openAi;
        _app = app;
        Root = new Uri(app.Urls.First().TrimEnd('/') + "/");
        Http = new HttpClient { BaseAddress = Root, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The server's root address.</summary>
    public Uri Root { get; }

    /// <summary>The OpenAI base address (<c>/v1/</c>), as the OpenAI clients take it.</summary>
    public Uri V1 => new(Root, "v1/");

    /// <summary>A client that sends no key.</summary>
    public HttpClient Http { get; }

    public static async Task<KeyedServeServer> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("bt-serve-openai-").FullName;
        var environment = new OptimizationEnvironment(new FileArtifactStore(folder), new AdditionLm(), "scripted-addition", new InMemoryFineTuner(), AdditionTask.Resolve);
        var host = OptimizationHost.Create(environment, new DurableBackendOptions { EmbeddedDatabasePath = Path.Combine(folder, "durable", "serve.db") });
        var openAi = new OpenAiEngineHost(TinyServedModel.Model);
        var options = new ServeOptions { Host = "127.0.0.1", Port = 0, ApiKey = ApiKey, SchedulerInterval = TimeSpan.FromHours(1) };
        var app = ServeApplication.Build(options, host, mapAdditionalEndpoints: endpoints => endpoints.MapOpenAiCompatibleEndpoints(openAi), configureLogging: logging => logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        return new KeyedServeServer(folder, host, openAi, app);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _host.DisposeAsync();
        _openAi.Dispose();
        new TempFolder(_folder).Dispose();
    }
}
