using System.Net;
using System.Text;
using System.Text.Json;
using BetterTogether.Cli.Serve.OpenAi;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Engine.Serving;
using BetterTogether.OpenAI.Errors;
using Microsoft.Extensions.AI;

namespace BetterTogether.Cli.Tests.Serve.OpenAi;

public sealed class OpenAiEndpointsTests
{
    private static readonly ChatMessage[] Messages = [new(ChatRole.System, "Answer briefly."), new(ChatRole.User, "What is two plus three?")];

    [Fact]
    public async Task ChatCompletions_NonStreaming_MatchesEngineAndReportsUsage()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        using var client = server.CreateClient();
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 8 };

        var response = await client.GetResponseAsync(Messages, options);

        using var engine = new EngineChatClient(TinyServedModel.Model);
        var expected = await engine.GetResponseAsync(Messages, options);
        Assert.Equal(expected.Text, response.Text);
        Assert.Equal(TinyServedModel.Name, response.ModelId);
        Assert.Equal(expected.Usage!.InputTokenCount, response.Usage!.InputTokenCount);
        Assert.Equal(expected.Usage.OutputTokenCount, response.Usage.OutputTokenCount);
        Assert.True(response.Usage.InputTokenCount > 10);
        Assert.Equal(response.Usage.InputTokenCount + response.Usage.OutputTokenCount, response.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task ChatCompletions_Streaming_ConcatenatedChunksEqualNonStreamingWithUsage()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        using var client = server.CreateClient();
        var options = new ChatOptions { Temperature = 0.9f, TopP = 0.95f, Seed = 11, MaxOutputTokens = 12 };
        var full = await client.GetResponseAsync(Messages, options);

        var parts = new List<string>();
        UsageDetails? usage = null;
        ChatFinishReason? finish = null;
        await foreach (var update in client.GetStreamingResponseAsync(Messages, options))
        {
            parts.Add(update.Text);
            finish ??= update.FinishReason;
            usage = update.Contents.OfType<UsageContent>().FirstOrDefault()?.Details ?? usage;
        }

        Assert.True(parts.Count(p => p.Length > 0) > 1, "expected several content chunks");
        Assert.Equal(full.Text, string.Concat(parts));
        Assert.Equal(full.FinishReason, finish);
        Assert.NotNull(usage);
        Assert.Equal(full.Usage!.OutputTokenCount, usage.OutputTokenCount);
        Assert.Equal(full.Usage.InputTokenCount, usage.InputTokenCount);
    }

    [Fact]
    public async Task ChatCompletions_StreamingRawSse_EndsWithDone()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        var body = """{"model":"tiny-base","messages":[{"role":"user","content":"hi"}],"stream":true,"max_tokens":4,"temperature":0}""";
        using var response = await server.Http.PostAsync("chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(events, e => Assert.StartsWith("data: ", e, StringComparison.Ordinal));
        Assert.Equal("data: [DONE]", events[^1]);
        using var first = JsonDocument.Parse(events[0]["data: ".Length..]);
        Assert.Equal("chat.completion.chunk", first.RootElement.GetProperty("object").GetString());
        Assert.Equal("assistant", first.RootElement.GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
    }

    [Fact]
    public async Task LoadLoraAdapter_ThenModelByName_DiffersFromBaseAndListed()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        using var client = server.CreateClient();
        using var loader = server.CreateAdapterLoader();
        var folder = TinyServedModel.SaveAdapter(seed: 3);
        var greedy = new ChatOptions { Temperature = 0, MaxOutputTokens = 8 };

        await loader.EnsureLoadedAsync(new AdapterReference("my-lora", folder));
        var baseText = (await client.GetResponseAsync(Messages, greedy)).Text;
        var adapted = await client.GetResponseAsync(Messages, new ChatOptions { ModelId = "my-lora", Temperature = 0, MaxOutputTokens = 8 });

        using var engine = new EngineChatClient(TinyServedModel.Model);
        var expected = await engine.GetResponseAsync(Messages, new ChatOptions
        {
            Temperature = 0,
            MaxOutputTokens = 8,
            AdditionalProperties = new() { [ChatOptionKeys.AdapterLocation] = folder },
        });
        Assert.NotEqual(baseText, adapted.Text);
        Assert.Equal(expected.Text, adapted.Text);
        Assert.Equal("my-lora", adapted.ModelId);

        using var models = JsonDocument.Parse(await server.Http.GetStringAsync("models"));
        var data = models.RootElement.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["tiny-base", "my-lora"], data.Select(m => m.GetProperty("id").GetString()));
        Assert.Equal("tiny-base", data[1].GetProperty("parent").GetString());
    }

    [Fact]
    public async Task UnloadLoraAdapter_ThenModelByName_Returns404()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        using var client = server.CreateClient();
        using var loader = server.CreateAdapterLoader();
        await loader.EnsureLoadedAsync(new AdapterReference("gone", TinyServedModel.SaveAdapter(seed: 5)));

        // A repeated load answers vLLM's "already been loaded" (400), which vLLM clients treat as done.
        using var repeat = await server.Http.PostAsync("load_lora_adapter", Json($$"""{"lora_name":"gone","lora_path":"{{JsonEncodedText.Encode(server.Host.Adapters.Single().Path)}}"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, repeat.StatusCode);
        Assert.Contains("already been loaded", await repeat.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var engineKey = server.Host.Adapters.Single().EngineKey;

        await loader.UnloadAsync("gone");

        // The engine let go of the weights too: unloading is not a leak.
        Assert.False(server.Host.Client.UnregisterAdapter(engineKey));

        var error = await Assert.ThrowsAsync<OpenAIEndpointException>(() => client.GetResponseAsync(Messages, new ChatOptions { ModelId = "gone", MaxOutputTokens = 2 }));
        Assert.Equal(404, error.StatusCode);
        Assert.Empty(server.Host.AdapterNames);
    }

    [Fact]
    public async Task ChatCompletions_UnknownModel_Returns404InOpenAiShape()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        using var client = server.CreateClient();

        var error = await Assert.ThrowsAsync<OpenAIEndpointException>(() => client.GetResponseAsync(Messages, new ChatOptions { ModelId = "no-such-model" }));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal("model_not_found", error.Error?.Code);
        Assert.Contains("no-such-model", error.ServerMessage, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
    }

    [Theory]
    [InlineData("{not json", null)]
    [InlineData("""{"model":"tiny-base"}""", "messages")]
    [InlineData("""{"messages":[]}""", "messages")]
    [InlineData("""{"messages":[{"role":"wizard","content":"x"}]}""", "messages[0].role")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"temperature":5}""", "temperature")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"max_tokens":0}""", "max_tokens")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"stop":[1,2]}""", "stop")]
    [InlineData("""{"messages":[{"role":"user","content":"x"}],"n":3}""", "n")]
    public async Task ChatCompletions_BadRequest_Returns400NamingTheField(string body, string? param)
    {
        await using var server = await OpenAiTestServer.StartAsync();

        using var response = await server.Http.PostAsync("chat/completions", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var detail = error.RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", detail.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(detail.GetProperty("message").GetString()));
        Assert.Equal(param, detail.GetProperty("param").GetString());
    }

    [Fact]
    public async Task ChatCompletions_BadParameterThroughOurClient_Surfaces400()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        using var client = server.CreateClient();

        var error = await Assert.ThrowsAsync<OpenAIEndpointException>(() => client.GetResponseAsync(Messages, new ChatOptions { TopP = 1.5f }));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal("top_p", error.Error?.Param);
    }

    [Fact]
    public async Task ChatCompletions_OverConcurrencyLimit_Returns429WithRetryAfterThenRecovers()
    {
        await using var server = await OpenAiTestServer.StartAsync(new OpenAiServingOptions { MaxConcurrentGenerations = 1, MaxQueuedRequests = 0, RetryAfterSeconds = 2 });
        using var client = server.CreateClient();
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 2 };

        // Occupy the only slot as a running request would, so the next one deterministically finds the server full.
        using (var busy = server.Host.Admission.TryEnter())
        {
            Assert.NotNull(busy);
            var error = await Assert.ThrowsAsync<OpenAIEndpointException>(() => client.GetResponseAsync(Messages, options));
            Assert.Equal(429, error.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(2), error.RetryAfter);
            Assert.Equal("rate_limit_exceeded", error.Error?.Code);
        }

        var response = await client.GetResponseAsync(Messages, options);
        Assert.Equal(0, server.Host.Admission.InFlight);
        Assert.NotNull(response.Usage);
    }

    [Fact]
    public async Task ChatCompletions_ConcurrentRequestsWithinQueue_AllSucceedWithSameGreedyText()
    {
        await using var server = await OpenAiTestServer.StartAsync(new OpenAiServingOptions { MaxConcurrentGenerations = 1, MaxQueuedRequests = 7 });
        using var client = server.CreateClient();
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 6 };

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetResponseAsync(Messages, options)));

        Assert.Single(responses.Select(r => r.Text).Distinct());
        Assert.Equal(0, server.Host.Admission.InFlight);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ChatCompletions_PromptLongerThanContext_Returns400ContextLengthExceeded(bool stream)
    {
        await using var server = await OpenAiTestServer.StartAsync();
        var longText = string.Join(' ', Enumerable.Repeat("Setosa versicolor virginica petals sepals.", 80));
        var body = JsonSerializer.Serialize(new { model = "tiny-base", stream, messages = new[] { new { role = "user", content = longText } } });

        using var response = await server.Http.PostAsync("chat/completions", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("context_length_exceeded", error.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(0, server.Host.Admission.InFlight);
    }

    [Fact]
    public async Task ChatCompletions_MaxTokensBeyondTheContext_Returns400NamingTheCounts()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        var body = JsonSerializer.Serialize(new { model = "tiny-base", max_tokens = 1_000_000, messages = new[] { new { role = "user", content = "Hello" } } });

        using var response = await server.Http.PostAsync("chat/completions", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("context_length_exceeded", error.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("1000000 for the reply", error.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"lora_name":"x"}""", HttpStatusCode.BadRequest, "lora_path")]
    [InlineData("""{"lora_path":"/tmp"}""", HttpStatusCode.BadRequest, "lora_name")]
    [InlineData("""{"lora_name":"x","lora_path":"/no/such/adapter/folder"}""", HttpStatusCode.NotFound, "lora_path")]
    [InlineData("""{"lora_name":"tiny-base","lora_path":"/tmp"}""", HttpStatusCode.BadRequest, "lora_name")]
    public async Task LoadLoraAdapter_BadRequest_ReturnsErrorNamingTheField(string body, HttpStatusCode status, string param)
    {
        await using var server = await OpenAiTestServer.StartAsync();

        using var response = await server.Http.PostAsync("load_lora_adapter", Json(body));

        Assert.Equal(status, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(param, error.RootElement.GetProperty("error").GetProperty("param").GetString());
        Assert.Empty(server.Host.AdapterNames);
    }

    [Fact]
    public async Task LoadLoraAdapter_FolderWithoutPeftFiles_Returns400()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        var folder = Directory.CreateTempSubdirectory("bt-serve-empty-").FullName;

        using var response = await server.Http.PostAsync("load_lora_adapter", Json($$"""{"lora_name":"x","lora_path":"{{JsonEncodedText.Encode(folder)}}"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("adapter_config.json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
