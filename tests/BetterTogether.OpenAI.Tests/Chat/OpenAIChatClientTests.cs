using BetterTogether.Core.LanguageModels;
using BetterTogether.OpenAI.Chat;
using BetterTogether.OpenAI.Errors;
using BetterTogether.OpenAI.Tests.Fakes;
using Microsoft.Extensions.AI;

namespace BetterTogether.OpenAI.Tests.Chat;

public sealed class OpenAIChatClientTests
{
    private static readonly ChatMessage[] Conversation =
    [
        new(ChatRole.System, "You answer briefly."),
        new(ChatRole.User, "what is two plus two"),
    ];

    [Fact]
    public async Task GetResponseAsync_WithSamplingOptions_SendsOpenAIRequestShape()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        using var client = OpenAIChatPipeline.Create(TestSetup.ClientOptions(server));

        await client.GetResponseAsync(Conversation, new ChatOptions
        {
            Temperature = 0.25f,
            TopP = 0.5f,
            MaxOutputTokens = 64,
            StopSequences = ["plus", "END"],
            Seed = 42,
        });

        var body = Assert.Single(server.ChatRequests).Body;
        Assert.Equal("base-model", body.GetProperty("model").GetString());
        var messages = body.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["system", "user"], messages.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal(["You answer briefly.", "what is two plus two"], messages.Select(FakeOpenAIServer.ReadContent));
        Assert.Equal(0.25, body.GetProperty("temperature").GetDouble(), 5);
        Assert.Equal(0.5, body.GetProperty("top_p").GetDouble(), 5);
        Assert.Equal(64, body.GetProperty("max_completion_tokens").GetInt32());
        Assert.Equal(["plus", "END"], body.GetProperty("stop").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(42, body.GetProperty("seed").GetInt64());
        Assert.Equal("Bearer EMPTY", Assert.Single(server.ChatRequests).Authorization);
    }

    [Fact]
    public async Task GetResponseAsync_ServerAnswers_MapsTextFinishReasonModelAndUsage()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        using var client = OpenAIChatPipeline.Create(TestSetup.ClientOptions(server));

        var response = await client.GetResponseAsync(Conversation, new ChatOptions { StopSequences = ["plus"] });

        Assert.Equal("echo base-model: what is two", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal("base-model", response.ModelId);
        Assert.Equal("chatcmpl-fake", response.ResponseId);
        Assert.NotNull(response.Usage);
        Assert.Equal(8, response.Usage.InputTokenCount);
        Assert.Equal(5, response.Usage.OutputTokenCount);
        Assert.Equal(13, response.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task GetResponseAsync_MaxTokensReached_FinishReasonLength()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        using var client = OpenAIChatPipeline.Create(TestSetup.ClientOptions(server));

        var response = await client.GetResponseAsync(Conversation, new ChatOptions { MaxOutputTokens = 3 });

        Assert.Equal("echo base-model: what", response.Text);
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(3, response.Usage!.OutputTokenCount);
    }

    [Fact]
    public async Task GetResponseAsync_ModelIdInOptions_OverridesDefaultModel()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        using var client = OpenAIChatPipeline.Create(TestSetup.ClientOptions(server));

        var error = await Assert.ThrowsAsync<OpenAIEndpointException>(() => client.GetResponseAsync(Conversation, new ChatOptions { ModelId = "other-model" }));

        Assert.Equal("other-model", Assert.Single(server.ChatRequests).Body.GetProperty("model").GetString());
        Assert.Equal(404, error.StatusCode);
        Assert.Equal("The model `other-model` does not exist.", error.ServerMessage);
        Assert.Equal(OpenAIEndpointFailure.HttpError, error.Failure);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ServerStreams_YieldsTextFinishReasonAndUsage()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        using var client = OpenAIChatPipeline.Create(TestSetup.ClientOptions(server));

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(Conversation, new ChatOptions { Temperature = 0f }))
        {
            updates.Add(update);
        }

        var response = updates.ToChatResponse();
        Assert.True(updates.Count(u => u.Text.Length > 0) >= 5, "one update per word");
        Assert.Equal("echo base-model: what is two plus two", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal("base-model", response.ModelId);
        Assert.NotNull(response.Usage);
        Assert.Equal(8, response.Usage.InputTokenCount);
        Assert.Equal(7, response.Usage.OutputTokenCount);
        Assert.True(Assert.Single(server.ChatRequests).Body.GetProperty("stream").GetBoolean());
    }

    [Fact]
    public async Task GetStreamingResponseAsync_FirstAttempt503_RetriesThenStreams()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Faults.Enqueue(Fault.Error(503, "overloaded"));
        using var client = OpenAIChatPipeline.Create(TestSetup.ClientOptions(server));

        var text = string.Concat(await client.GetStreamingResponseAsync(Conversation).Select(u => u.Text).ToListAsync());

        Assert.Equal("echo base-model: what is two plus two", text);
        Assert.Equal(2, server.ChatCalls);
    }

    [Theory]
    [InlineData(400, "'messages' must contain at least one user turn.", "invalid_request_error")]
    [InlineData(401, "Incorrect API key provided.", "invalid_request_error")]
    [InlineData(404, "The model `x` does not exist.", "NotFoundError")]
    public async Task GetResponseAsync_ClientError_ThrowsTypedErrorWithoutRetry(int status, string message, string type)
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.PersistentFault = Fault.Error(status, message, type);
        using var client = OpenAIChatPipeline.Create(TestSetup.ClientOptions(server));

        var error = await Assert.ThrowsAsync<OpenAIEndpointException>(() => client.GetResponseAsync(Conversation));

        Assert.Equal(status, error.StatusCode);
        Assert.Equal(message, error.ServerMessage);
        Assert.Equal(type, error.Error!.Type);
        Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Error.Code);
        Assert.False(error.IsTransient);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.ChatCalls);
    }

    [Theory]
    [InlineData("""{"error":{"message":"This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}""", false)]
    [InlineData("""{"object":"error","message":"This model's maximum context length is 1024 tokens. However, you requested 1100 tokens (1000 in the messages, 100 in the completion).","type":"BadRequestError","param":null,"code":400}""", false)]
    [InlineData("""{"error":{"message":"This model's maximum context length is 8192 tokens.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}""", true)]
    public async Task Requests_ContextLengthExceeded_ThrowContextWindowExceededWithoutRetry(string body, bool stream)
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.PersistentFault = new Fault(400, body);
        using var client = OpenAIChatPipeline.Create(TestSetup.ClientOptions(server));

        var error = stream
            ? await Assert.ThrowsAsync<ContextWindowExceededException>(async () => await client.GetStreamingResponseAsync(Conversation).ToListAsync())
            : await Assert.ThrowsAsync<ContextWindowExceededException>(() => client.GetResponseAsync(Conversation));

        Assert.Contains("maximum context length", error.Message, StringComparison.Ordinal);
        Assert.Equal(400, Assert.IsType<OpenAIEndpointException>(error.InnerException).StatusCode);
        Assert.Equal(1, server.ChatCalls);
    }

    [Fact]
    public async Task GetResponseAsync_Unreadable200Body_ThrowsInvalidResponseWithoutRetry()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.PersistentFault = new Fault(200, "<html>proxy login</html>");
        using var client = OpenAIChatPipeline.Create(TestSetup.ClientOptions(server));

        var error = await Assert.ThrowsAsync<OpenAIEndpointException>(() => client.GetResponseAsync(Conversation));

        Assert.Equal(OpenAIEndpointFailure.InvalidResponse, error.Failure);
        Assert.Equal(200, error.StatusCode);
        Assert.Equal(1, server.ChatCalls);
    }

    [Fact]
    public async Task GetResponseAsync_WrongApiKey_Throws401FromServer()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.RequiredApiKey = "sk-right";
        var options = TestSetup.ClientOptions(server);
        options.ApiKey = "sk-wrong";
        using var client = OpenAIChatPipeline.Create(options);

        var error = await Assert.ThrowsAsync<OpenAIEndpointException>(() => client.GetResponseAsync(Conversation));

        Assert.Equal(401, error.StatusCode);
        Assert.Equal("Incorrect API key provided.", error.ServerMessage);
        Assert.Equal("Bearer sk-wrong", Assert.Single(server.ChatRequests).Authorization);
    }

    [Fact]
    public async Task GetResponseAsync_ApiKeyHeaderName_SendsKeyInThatHeader()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.RequiredApiKey = "azure-key";
        var options = TestSetup.ClientOptions(server);
        options.ApiKey = "azure-key";
        options.ApiKeyHeaderName = "api-key";
        using var client = OpenAIChatPipeline.Create(options);

        await client.GetResponseAsync(Conversation);

        var request = Assert.Single(server.ChatRequests);
        Assert.Equal("azure-key", request.ApiKeyHeader);
        Assert.Null(request.Authorization);
    }

    [Fact]
    public async Task GetResponseAsync_TokenCredential_SendsBearerTokenForCognitiveServicesScope()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.RequiredApiKey = "entra-token";
        var scopes = new List<string>();
        var options = TestSetup.ClientOptions(server);
        using var handler = new HttpsToHttpHandler();
        using var http = new HttpClient(handler);
        options.Endpoint = new UriBuilder(server.BaseUrl) { Scheme = Uri.UriSchemeHttps }.Uri;
        options.HttpClient = http;
        options.TokenCredential = Azure.Core.DelegatedTokenCredential.Create((context, _) =>
        {
            scopes.AddRange(context.Scopes);
            return new Azure.Core.AccessToken("entra-token", DateTimeOffset.UtcNow.AddHours(1));
        });
        using var client = OpenAIChatPipeline.Create(options);

        await client.GetResponseAsync(Conversation);

        Assert.Equal("Bearer entra-token", Assert.Single(server.ChatRequests).Authorization);
        Assert.Equal([OpenAIChatClientOptions.CognitiveServicesScope], scopes.Distinct());
    }

    [Fact]
    public void Create_TokenCredentialOverHttp_ThrowsNamingEndpoint()
    {
        var options = new OpenAIChatClientOptions
        {
            Endpoint = new Uri("http://127.0.0.1:9/v1"),
            DefaultModelId = "m",
            TokenCredential = Azure.Core.DelegatedTokenCredential.Create((_, _) => new Azure.Core.AccessToken("t", DateTimeOffset.MaxValue)),
        };

        var error = Assert.Throws<ArgumentException>(() => OpenAIChatPipeline.Create(options));

        Assert.Contains("Endpoint must be https", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetService_Metadata_DescribesEndpointAndModel()
    {
        var options = new OpenAIChatClientOptions { Endpoint = new Uri("http://127.0.0.1:9/v1"), DefaultModelId = "m" };
        using var client = OpenAIChatPipeline.Create(options);

        var metadata = client.GetService<ChatClientMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal("m", metadata.DefaultModelId);
        Assert.Equal(new Uri("http://127.0.0.1:9/v1/"), metadata.ProviderUri);
    }
}
