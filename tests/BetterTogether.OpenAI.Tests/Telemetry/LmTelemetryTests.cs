using System.Diagnostics;
using BetterTogether.Core.LanguageModels;
using BetterTogether.OpenAI.Chat;
using BetterTogether.OpenAI.Errors;
using BetterTogether.OpenAI.Tests.Fakes;
using Microsoft.Extensions.AI;

namespace BetterTogether.OpenAI.Tests.Telemetry;

public sealed class LmTelemetryTests
{
    private static readonly ChatMessage[] Question = [new(ChatRole.User, "ping")];

    [Fact]
    public async Task GetResponseAsync_ThroughPipeline_EmitsOneChatSpanWithModelAndUsage()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        using var client = OpenAIChatPipeline.Create(TestSetup.ClientOptions(server));
        using var recorder = new LmSpanRecorder();

        await client.GetResponseAsync(Question, new ChatOptions { Temperature = 0 });

        var span = Assert.Single(recorder.Spans);
        Assert.Equal("chat", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("base-model", span.GetTagItem("gen_ai.request.model"));
        Assert.Equal("base-model", span.GetTagItem("gen_ai.response.model"));
        Assert.Equal(1, Convert.ToInt32(span.GetTagItem("gen_ai.usage.input_tokens"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(3, Convert.ToInt32(span.GetTagItem("gen_ai.usage.output_tokens"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("127.0.0.1", span.GetTagItem("server.address"));
        Assert.NotEqual(ActivityStatusCode.Error, span.Status);
    }

    [Fact]
    public async Task GetResponseAsync_RetriedThenSucceeds_OneSpanCoversTheRetries()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Faults.Enqueue(Fault.Error(503, "overloaded"));
        using var client = OpenAIChatPipeline.Create(TestSetup.ClientOptions(server));
        using var recorder = new LmSpanRecorder();

        await client.GetResponseAsync(Question);

        Assert.Equal(2, server.ChatCalls);
        Assert.NotEqual(ActivityStatusCode.Error, Assert.Single(recorder.Spans).Status);
    }

    [Fact]
    public async Task GetResponseAsync_ServerRefuses_SpanRecordsTheErrorType()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        using var client = OpenAIChatPipeline.Create(TestSetup.ClientOptions(server));
        using var recorder = new LmSpanRecorder();

        await Assert.ThrowsAsync<OpenAIEndpointException>(() => client.GetResponseAsync(Question, new ChatOptions { ModelId = "missing" }));

        var span = Assert.Single(recorder.Spans);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(typeof(OpenAIEndpointException).FullName, span.GetTagItem("error.type"));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_AdapterRequest_SpanNamesTheAdapterAsRequestModel()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Adapters["w1"] = "/adapters/w1";
        using var client = OpenAIChatPipeline.Create(TestSetup.ClientOptions(server));
        using var recorder = new LmSpanRecorder();
        var options = new ChatOptions { AdditionalProperties = new() { [ChatOptionKeys.AdapterName] = "w1" } };

        var text = string.Concat(await client.GetStreamingResponseAsync(Question, options).Select(u => u.Text).ToListAsync());

        Assert.Equal("echo w1: ping", text);
        var span = Assert.Single(recorder.Spans);
        Assert.Equal("w1", span.GetTagItem("gen_ai.request.model"));
        Assert.Equal(3, Convert.ToInt32(span.GetTagItem("gen_ai.usage.output_tokens"), System.Globalization.CultureInfo.InvariantCulture));
    }
}
