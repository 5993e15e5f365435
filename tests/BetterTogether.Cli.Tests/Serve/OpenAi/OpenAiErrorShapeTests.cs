using System.Net;
using System.Text;
using System.Text.Json;

namespace BetterTogether.Cli.Tests.Serve.OpenAi;

/// <summary>Every <c>/v1</c> failure in OpenAI's <c>{"error":{"message","type","param","code"}}</c> shape; unsupported fields refused by name.</summary>
public sealed class OpenAiErrorShapeTests
{
    /// <summary>A valid request's fields; test data writes JSON with single quotes (see <see cref="Json"/>).</summary>
    private const string User = "'messages':[{'role':'user','content':'hi'}],'max_tokens':2";

    [Theory]
    [InlineData("GET", "no-such-route")]
    [InlineData("POST", "completions")]
    [InlineData("POST", "embeddings")]
    public async Task UnknownRoute_Returns404InOpenAiShape(string method, string path)
    {
        await using var server = await OpenAiTestServer.StartAsync();

        using var response = await server.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)));

        var error = await AssertOpenAiErrorAsync(response, HttpStatusCode.NotFound, "unknown_url");
        Assert.Contains($"{method} /v1/{path}", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "chat/completions", "POST")]
    [InlineData("DELETE", "models", "GET")]
    [InlineData("GET", "load_lora_adapter", "POST")]
    public async Task WrongMethod_Returns405InOpenAiShapeNamingTheAllowedOne(string method, string path, string allowed)
    {
        await using var server = await OpenAiTestServer.StartAsync();

        using var response = await server.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)));

        var error = await AssertOpenAiErrorAsync(response, HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        Assert.Contains("use " + allowed, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetModelById_BaseAndAdapter_ReturnCardsUnknownReturns404()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        server.Host.LoadAdapter("my-lora", TinyServedModel.SaveAdapter(seed: 9));

        using var baseModel = JsonDocument.Parse(await server.Http.GetStringAsync(new Uri("models/tiny-base", UriKind.Relative)));
        using var adapter = JsonDocument.Parse(await server.Http.GetStringAsync(new Uri("models/my-lora", UriKind.Relative)));
        using var unknown = await server.Http.GetAsync(new Uri("models/org/no-such-model", UriKind.Relative));

        Assert.Equal("tiny-base", baseModel.RootElement.GetProperty("id").GetString());
        Assert.Equal("model", baseModel.RootElement.GetProperty("object").GetString());
        Assert.Equal("my-lora", adapter.RootElement.GetProperty("id").GetString());
        Assert.Equal("tiny-base", adapter.RootElement.GetProperty("parent").GetString());
        var error = await AssertOpenAiErrorAsync(unknown, HttpStatusCode.NotFound, "model_not_found");
        Assert.Contains("'org/no-such-model'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("'tools':[{'type':'function','function':{'name':'f'}}]", "tools")]
    [InlineData("'tool_choice':'auto'", "tool_choice")]
    [InlineData("'functions':[{'name':'f'}]", "functions")]
    [InlineData("'function_call':'auto'", "function_call")]
    [InlineData("'logprobs':true", "logprobs")]
    [InlineData("'top_logprobs':2", "top_logprobs")]
    [InlineData("'response_format':{'type':'json_object'}", "response_format")]
    [InlineData("'response_format':{'type':'json_schema','json_schema':{'name':'s','schema':{}}}", "response_format")]
    [InlineData("'logit_bias':{'50256':-100}", "logit_bias")]
    [InlineData("'presence_penalty':0.5", "presence_penalty")]
    [InlineData("'frequency_penalty':1", "frequency_penalty")]
    [InlineData("'modalities':['text','audio']", "modalities")]
    [InlineData("'audio':{'voice':'alloy','format':'wav'}", "audio")]
    [InlineData("'prediction':{'type':'content','content':'x'}", "prediction")]
    [InlineData("'web_search_options':{}", "web_search_options")]
    [InlineData("'reasoning_effort':'low'", "reasoning_effort")]
    [InlineData("'n':2", "n")]
    public async Task ChatCompletions_UnsupportedField_Returns400NamingIt(string field, string param)
    {
        await using var server = await OpenAiTestServer.StartAsync();

        using var response = await server.Http.PostAsync(new Uri("chat/completions", UriKind.Relative), Json($"{{{User},{field}}}"));

        var error = await AssertOpenAiErrorAsync(response, HttpStatusCode.BadRequest, "unsupported_parameter");
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Contains(param, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatCompletions_AssistantToolCalls_Returns400NamingTheMessage()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        var body = """{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]}]}""";

        using var response = await server.Http.PostAsync(new Uri("chat/completions", UriKind.Relative), Json(body));

        var error = await AssertOpenAiErrorAsync(response, HttpStatusCode.BadRequest, "unsupported_parameter");
        Assert.Equal("messages[1].tool_calls", error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task ChatCompletions_FieldsAtTheirNeutralValues_AreAccepted()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        var neutral = """
            "tools":[],"tool_choice":"none","logprobs":false,"top_logprobs":0,"response_format":{"type":"text"},
            "logit_bias":{},"presence_penalty":0,"frequency_penalty":0,"modalities":["text"],"n":1,"audio":null,"user":"u1"
            """;

        using var response = await server.Http.PostAsync(new Uri("chat/completions", UriKind.Relative), Json($"{{{User},{neutral}}}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static StringContent Json(string body) => new(body.Replace('\'', '"'), Encoding.UTF8, "application/json");

    private static async Task<JsonElement> AssertOpenAiErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = document.RootElement.GetProperty("error");
        Assert.Equal(["message", "type", "param", "code"], error.EnumerateObject().Select(p => p.Name));
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        return error.Clone();
    }
}
