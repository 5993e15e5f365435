using System.Diagnostics;
using System.Globalization;
using BetterTogether.OpenAI.Configuration;
using BetterTogether.OpenAI.Errors;
using BetterTogether.OpenAI.Tests.Telemetry;
using Microsoft.Extensions.AI;

namespace BetterTogether.Cli.Tests.Serve.OpenAi;

/// <summary>Our OpenAI-compatible client pipeline against the real <c>/v1</c> endpoints on loopback: one OpenTelemetry span per LM call.</summary>
public sealed class OpenAiClientTelemetryTests
{
    private static readonly ChatMessage[] Messages = [new(ChatRole.User, "What is two plus three?")];

    [Fact]
    public async Task GetResponseAsync_FactoryPipelineAgainstServe_EmitsChatSpanMatchingTheResponse()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        using var client = OpenAIChatClientFactory.Create(new OpenAIEndpointSettings { Endpoint = server.BaseUri.AbsoluteUri, Model = TinyServedModel.Name });
        using var recorder = new LmSpanRecorder();

        var response = await client.GetResponseAsync(Messages, new ChatOptions { Temperature = 0, MaxOutputTokens = 5 });

        var span = Assert.Single(recorder.Spans);
        Assert.Equal($"chat {TinyServedModel.Name}", span.DisplayName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal(TinyServedModel.Name, span.GetTagItem("gen_ai.request.model"));
        Assert.Equal(response.ModelId, span.GetTagItem("gen_ai.response.model"));
        Assert.Equal(response.Usage!.InputTokenCount, Tag(span, "gen_ai.usage.input_tokens"));
        Assert.Equal(response.Usage.OutputTokenCount, Tag(span, "gen_ai.usage.output_tokens"));
        Assert.Equal(server.BaseUri.Port, (int)Tag(span, "server.port"));
        Assert.Equal(0.0, Convert.ToDouble(span.GetTagItem("gen_ai.request.temperature"), CultureInfo.InvariantCulture));
        Assert.Equal(5L, Tag(span, "gen_ai.request.max_tokens"));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_UnknownModel_SpanIsAnErrorAndNoPromptIsRecorded()
    {
        await using var server = await OpenAiTestServer.StartAsync();
        using var client = OpenAIChatClientFactory.Create(
            new OpenAIEndpointSettings { Endpoint = server.BaseUri.AbsoluteUri, Model = TinyServedModel.Name, MaxRetries = 0 });
        using var recorder = new LmSpanRecorder();

        var error = await Assert.ThrowsAsync<OpenAIEndpointException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync(Messages, new ChatOptions { ModelId = "no-such-model" }))
            {
                Assert.Fail($"expected no update, got '{update.Text}'");
            }
        });

        Assert.Equal(404, error.StatusCode);
        var span = Assert.Single(recorder.Spans);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.DoesNotContain(span.Tags, tag => tag.Value?.Contains("two plus three", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(span.Events.SelectMany(e => e.Tags), tag => tag.Value?.ToString()?.Contains("two plus three", StringComparison.Ordinal) == true);
    }

    private static long Tag(Activity span, string name) => Convert.ToInt64(span.GetTagItem(name), CultureInfo.InvariantCulture);
}
