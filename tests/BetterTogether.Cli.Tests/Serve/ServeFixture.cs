using System.Net.Http.Json;
using System.Text.Json;
using BetterTogether.Cli.Hosting;
using BetterTogether.Cli.Serve;
using BetterTogether.Durable;
using BetterTogether.Storage.FileSystem;
using BetterTogether.Workflow.Optimization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using BetterTogether.Workflow.Tests.Optimization;

namespace BetterTogether.Cli.Tests.Serve;

/// <summary>A real <c>bt serve</c> on 127.0.0.1 (port 0) over a temp-folder file store, a scripted LM and a fake fine-tuner.</summary>
internal sealed class ServeFixture : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly string? _ownedFolder;

    private ServeFixture(string? ownedFolder, OptimizationHost host, WebApplication app, HttpClient client, InMemoryFineTuner fineTuner)
    {
        _ownedFolder = ownedFolder;
        Host = host;
        App = app;
        Client = client;
        FineTuner = fineTuner;
    }

    public OptimizationHost Host { get; }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public InMemoryFineTuner FineTuner { get; }

    public static async Task<ServeFixture> StartAsync(string? apiKey = null, InMemoryFineTuner? fineTuner = null, TimeProvider? schedulerTime = null, string? folder = null)
    {
        // A caller-given folder outlives this server (restart tests); a fresh one is deleted with it.
        var owned = folder is null;
        folder ??= Path.Combine(Path.GetTempPath(), "bt-serve-tests", Guid.NewGuid().ToString("N"));
        fineTuner ??= new InMemoryFineTuner();
        var environment = new OptimizationEnvironment(new FileArtifactStore(folder), new AdditionLm(), "scripted-addition", fineTuner, AdditionTask.Resolve);
        var host = OptimizationHost.Create(environment, new DurableBackendOptions { EmbeddedDatabasePath = Path.Combine(folder, "durable", "serve.db"), MaxConcurrentActivities = 4 });
        var options = new ServeOptions { Host = "127.0.0.1", Port = 0, ApiKey = apiKey, SchedulerInterval = TimeSpan.FromHours(1) };
        var app = ServeApplication.Build(options, host, schedulerTime, configureLogging: logging => logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address), Timeout = Timeout };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("x-api-key", apiKey);
        }

        return new ServeFixture(owned ? folder : null, host, app, client, fineTuner);
    }

    public static OptimizationRunRequest Request(string strategy = "p -> w -> p") => AdditionTask.Request(strategy, seed: 3, shards: 2);

    public async Task<JsonElement> PollUntilDoneAsync(string statusUri)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            using var response = await Client.GetAsync(new Uri(statusUri));
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (response.StatusCode == System.Net.HttpStatusCode.OK)
            {
                return body;
            }

            if (response.StatusCode != System.Net.HttpStatusCode.Accepted || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Run did not finish: {(int)response.StatusCode} {body}");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Host.DisposeAsync();
        if (_ownedFolder is not null)
        {
            new TempFolder(_ownedFolder).Dispose();
        }
    }
}
