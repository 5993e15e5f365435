using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Models;

namespace BetterTogether.Cli.Tests.Serve.OpenAi;

/// <summary><c>bt serve</c> with an API key, called by the official OpenAI .NET client, which sends only <c>Authorization: Bearer</c>.</summary>
public sealed class OfficialOpenAIClientTests
{
    private static readonly ChatMessage[] Question = [new SystemChatMessage("Answer briefly."), new UserChatMessage("What is two plus three?")];

    [Fact]
    public async Task CompleteChat_RightKey_AnswersWithModelAndUsage()
    {
        await using var server = await KeyedServeServer.StartAsync();
        var client = ChatClient(server, KeyedServeServer.ApiKey);

        ChatCompletion completion = await client.CompleteChatAsync(Question, new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 6 });

        Assert.Equal(TinyServedModel.Name, completion.Model);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.StartsWith("chatcmpl-", completion.Id, StringComparison.Ordinal);
        Assert.InRange(completion.Usage.OutputTokenCount, 1, 6);
        Assert.True(completion.Usage.InputTokenCount > 10);
    }

    [Fact]
    public async Task CompleteChat_WrongKey_Throws401InOpenAiShape()
    {
        await using var server = await KeyedServeServer.StartAsync();
        var client = ChatClient(server, "sk-wrong");

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync(Question));

        Assert.Equal(401, error.Status);
        var body = ErrorBody(error);
        Assert.Equal("invalid_api_key", body.GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", body.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("param").ValueKind);
        Assert.Contains("Bearer", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteChatStreaming_RightKey_StreamsTheGreedyTextWithUsage()
    {
        await using var server = await KeyedServeServer.StartAsync();
        var client = ChatClient(server, KeyedServeServer.ApiKey);
        var options = new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 8 };
        ChatCompletion whole = await client.CompleteChatAsync(Question, options);

        var parts = new List<string>();
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;
        await foreach (var update in client.CompleteChatStreamingAsync(Question, options))
        {
            parts.AddRange(update.ContentUpdate.Select(part => part.Text));
            usage ??= update.Usage;
            finish ??= update.FinishReason;
        }

        Assert.Equal(whole.Content.Single().Text, string.Concat(parts));
        Assert.Equal(whole.FinishReason, finish);
        Assert.NotNull(usage);
        Assert.Equal(whole.Usage.OutputTokenCount, usage.OutputTokenCount);
    }

    [Fact]
    public async Task GetModel_RightKey_ReturnsTheCardAndUnknownIs404InOpenAiShape()
    {
        await using var server = await KeyedServeServer.StartAsync();
        var models = new OpenAIModelClient(new ApiKeyCredential(KeyedServeServer.ApiKey), Options(server));

        OpenAIModel model = await models.GetModelAsync(TinyServedModel.Name);
        var error = await Assert.ThrowsAsync<ClientResultException>(() => models.GetModelAsync("no-such-model"));

        Assert.Equal(TinyServedModel.Name, model.Id);
        Assert.Equal("bettertogether", model.OwnedBy);
        Assert.Equal(404, error.Status);
        Assert.Equal("model_not_found", ErrorBody(error).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("v1/models", "x-api-key")]
    [InlineData("v1/models?code=" + KeyedServeServer.ApiKey, null)]
    [InlineData("api/runs", "Authorization")]
    public async Task Request_KeyInAnyAcceptedPlace_IsAdmitted(string path, string? header)
    {
        await using var server = await KeyedServeServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (header is not null)
        {
            request.Headers.Add(header, header == "Authorization" ? "Bearer " + KeyedServeServer.ApiKey : KeyedServeServer.ApiKey);
        }

        using var response = await server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Request_NoKey_Is401InOpenAiShapeUnderV1AndProblemDetailsElsewhere()
    {
        await using var server = await KeyedServeServer.StartAsync();

        using var v1 = await server.Http.GetAsync(new Uri("v1/no-such-route", UriKind.Relative));
        using var api = await server.Http.GetAsync(new Uri("api/runs", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, v1.StatusCode);
        Assert.Equal("Bearer", v1.Headers.WwwAuthenticate.Single().Scheme);
        using var body = JsonDocument.Parse(await v1.Content.ReadAsStringAsync());
        Assert.Equal("invalid_api_key", body.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task UnknownV1Route_WithKey_Is404InOpenAiShape()
    {
        await using var server = await KeyedServeServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("v1/completions", UriKind.Relative));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", KeyedServeServer.ApiKey);

        using var response = await server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("unknown_url", body.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    private static OpenAIClientOptions Options(KeyedServeServer server) => new() { Endpoint = server.V1, RetryPolicy = new ClientRetryPolicy(maxRetries: 0) };

    private static ChatClient ChatClient(KeyedServeServer server, string key) => new(TinyServedModel.Name, new ApiKeyCredential(key), Options(server));

    private static JsonElement ErrorBody(ClientResultException error)
    {
        using var document = JsonDocument.Parse(error.GetRawResponse()!.Content.ToString());
        return document.RootElement.GetProperty("error").Clone();
    }
}
