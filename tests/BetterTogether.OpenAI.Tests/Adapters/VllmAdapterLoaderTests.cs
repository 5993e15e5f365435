using BetterTogether.Core.LanguageModels;
using BetterTogether.OpenAI.Adapters;
using BetterTogether.OpenAI.Chat;
using BetterTogether.OpenAI.Errors;
using BetterTogether.OpenAI.Tests.Fakes;
using Microsoft.Extensions.AI;

namespace BetterTogether.OpenAI.Tests.Adapters;

public sealed class VllmAdapterLoaderTests
{
    private static readonly ChatMessage[] Question = [new(ChatRole.User, "hello")];

    [Fact]
    public async Task GetResponseAsync_LanguageModelWithAdapter_LoadsOnceThenUsesAdapterNameAsModel()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        using var http = new HttpClient();
        using var loader = CreateLoader(server, http);
        using var client = OpenAIChatPipeline.Create(TestSetup.ClientOptions(server), loader);
        var lm = new LanguageModel(client, server.BaseModel).WithAdapter(new AdapterReference("iris-w1", "/adapters/iris-w1"));

        var first = await client.GetResponseAsync(Question, lm.CreateOptions());
        var second = await client.GetResponseAsync(Question, lm.CreateOptions(rolloutId: 2));

        Assert.Equal("echo iris-w1: hello", first.Text);
        Assert.Equal("iris-w1", first.ModelId);
        Assert.Equal(first.Text, second.Text);
        Assert.Equal(1, server.LoadCalls);
        Assert.Equal("/adapters/iris-w1", server.Adapters["iris-w1"]);
        var load = server.Requests.First(r => r.Path.EndsWith("load_lora_adapter", StringComparison.Ordinal)).Body;
        Assert.Equal("iris-w1", load.GetProperty("lora_name").GetString());
        Assert.Equal("/adapters/iris-w1", load.GetProperty("lora_path").GetString());
        Assert.All(server.ChatRequests, r => Assert.Equal("iris-w1", r.Body.GetProperty("model").GetString()));
    }

    [Fact]
    public async Task GetResponseAsync_AdapterWithoutLoader_SendsNameAndServerRejectsUnknownModel()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        using var client = OpenAIChatPipeline.Create(TestSetup.ClientOptions(server));
        var lm = new LanguageModel(client, server.BaseModel).WithAdapter(new AdapterReference("never-loaded", "/x"));

        var error = await Assert.ThrowsAsync<OpenAIEndpointException>(() => client.GetResponseAsync(Question, lm.CreateOptions()));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal(0, server.LoadCalls);
    }

    [Fact]
    public async Task EnsureLoadedAsync_AlreadyLoadedOnServer_TreatsAsLoaded()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Adapters["a1"] = "/adapters/a1";
        using var http = new HttpClient();
        using var loader = CreateLoader(server, http);

        await loader.EnsureLoadedAsync(new AdapterReference("a1", "/adapters/a1"));
        await loader.EnsureLoadedAsync(new AdapterReference("a1", "/adapters/a1"));

        Assert.Equal(1, server.LoadCalls);
        Assert.Equal("/adapters/a1", loader.LoadedAdapters["a1"]);
    }

    [Fact]
    public async Task EnsureLoadedAsync_SameNameNewLocation_UnloadsThenLoadsNewWeights()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        using var http = new HttpClient();
        using var loader = CreateLoader(server, http);

        await loader.EnsureLoadedAsync(new AdapterReference("prog", "/adapters/round1"));
        await loader.EnsureLoadedAsync(new AdapterReference("prog", "/adapters/round2"));

        Assert.Equal("/adapters/round2", server.Adapters["prog"]);
        Assert.Equal(2, server.LoadCalls);
        Assert.Equal(
            ["load_lora_adapter", "unload_lora_adapter", "load_lora_adapter"],
            server.Requests.Select(r => r.Path.Split('/').Last()));
    }

    [Fact]
    public async Task EnsureLoadedAsync_ConcurrentCallers_LoadOnce()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        using var http = new HttpClient();
        using var loader = CreateLoader(server, http);
        var adapter = new AdapterReference("c", "/adapters/c");

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => loader.EnsureLoadedAsync(adapter).AsTask()));

        Assert.Equal(1, server.LoadCalls);
    }

    [Fact]
    public async Task EnsureLoadedAsync_ServerRejectsPath_ThrowsWithServerMessage()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        using var http = new HttpClient();
        using var loader = CreateLoader(server, http);

        var error = await Assert.ThrowsAsync<OpenAIEndpointException>(() => loader.EnsureLoadedAsync(new AdapterReference("bad", "relative/path")).AsTask());

        Assert.Equal(400, error.StatusCode);
        Assert.Equal("Invalid lora_path 'relative/path'.", error.ServerMessage);
        Assert.Empty(loader.LoadedAdapters);
    }

    [Fact]
    public async Task EnsureLoadedAsync_LocationResolver_SendsResolvedPath()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        using var http = new HttpClient();
        using var loader = new VllmAdapterLoader(http, new VllmAdapterLoaderOptions
        {
            Endpoint = server.BaseUrl,
            Resilience = TestSetup.FastResilience(),
            LocationResolver = (adapter, _) => ValueTask.FromResult("/mnt/adapters/" + adapter.Name),
        });

        await loader.EnsureLoadedAsync(new AdapterReference("r", "runs/abc/adapters/r"));

        Assert.Equal("/mnt/adapters/r", server.Adapters["r"]);
    }

    [Fact]
    public async Task UnloadAsync_UnknownAdapter_Succeeds()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        using var http = new HttpClient();
        using var loader = CreateLoader(server, http);

        await loader.UnloadAsync("ghost");

        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task EnsureLoadedAsync_Transient503_Retries()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        using var http = new HttpClient(new FailFirstHandler(2));
        using var loader = CreateLoader(server, http);

        await loader.EnsureLoadedAsync(new AdapterReference("t", "/adapters/t"));

        Assert.Equal("/adapters/t", server.Adapters["t"]);
    }

    private static VllmAdapterLoader CreateLoader(FakeOpenAIServer server, HttpClient http) =>
        new(http, new VllmAdapterLoaderOptions { Endpoint = server.BaseUrl, Resilience = TestSetup.FastResilience() });

    /// <summary>Answers the first <c>failures</c> requests with 503 before letting requests reach the server.</summary>
    private sealed class FailFirstHandler(int failures) : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _remaining = failures;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Interlocked.Decrement(ref _remaining) >= 0
                ? Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable) { Content = new StringContent("""{"error":{"message":"busy"}}""") })
                : base.SendAsync(request, cancellationToken);
    }
}
