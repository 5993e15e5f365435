using BetterTogether.Core.Examples;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Core.Predictors;
using BetterTogether.Core.Adapters;
using BetterTogether.Engine.ChatTemplates;
using BetterTogether.Engine.Serving;
using Microsoft.Extensions.AI;

namespace BetterTogether.Engine.Tests.Serving;

/// <summary>How the engine's chat client and a predictor over it treat requests that do not fit the model's context.</summary>
public sealed class EngineChatClientContextTests
{
    private static readonly LocalModel Model = TinyChatModel.Create();

    // Wide enough for the ChatAdapter's prompt and a few demos (the fixture tokenizer spends about a token per character).
    private static readonly LocalModel WideModel = TinyChatModel.Create(context: 1024);

    [Fact]
    public async Task GetResponseAsync_PromptPlusMaxTokensOverContext_ThrowsWithTheCounts()
    {
        using var client = new EngineChatClient(Model);
        var messages = new[] { new ChatMessage(ChatRole.User, Words(20)) };
        var promptTokens = PromptTokens(messages);
        var asked = Model.Model.Config.MaxPositionEmbeddings - promptTokens + 1;

        var error = await Assert.ThrowsAsync<ContextWindowExceededException>(() => client.GetResponseAsync(messages, new ChatOptions { MaxOutputTokens = asked }));

        Assert.Equal(256, error.ContextTokens);
        Assert.Equal(promptTokens, error.PromptTokens);
        Assert.Equal(asked, error.RequestedOutputTokens);
        Assert.Contains($"{promptTokens} in the messages", error.Message, StringComparison.Ordinal);
        var fits = await client.GetResponseAsync(messages, new ChatOptions { MaxOutputTokens = asked - 1 });
        Assert.True(fits.Usage!.OutputTokenCount <= asked - 1);
    }

    [Fact]
    public async Task GetResponseAsync_NoMaxTokens_DefaultIsCutToTheRoomLeft()
    {
        using var client = new EngineChatClient(Model, new EngineChatClientOptions { DefaultMaxOutputTokens = 200 });
        var messages = new[] { new ChatMessage(ChatRole.User, Words(40)) };
        var promptTokens = PromptTokens(messages);
        Assert.InRange(promptTokens, 60, 250);

        var response = await client.GetResponseAsync(messages, new ChatOptions { Temperature = 1f, Seed = 3, StopSequences = [] });

        Assert.True(promptTokens + response.Usage!.OutputTokenCount <= 256, $"{promptTokens} + {response.Usage.OutputTokenCount} tokens");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Requests_PromptFillingTheContext_Throw(bool stream)
    {
        using var client = new EngineChatClient(Model);
        var messages = new[] { new ChatMessage(ChatRole.User, Words(400)) };

        if (stream)
        {
            await Assert.ThrowsAsync<ContextWindowExceededException>(async () =>
            {
                await foreach (var update in client.GetStreamingResponseAsync(messages))
                {
                    Assert.Fail($"No update expected, got '{update.Text}'.");
                }
            });
        }
        else
        {
            await Assert.ThrowsAsync<ContextWindowExceededException>(() => client.GetResponseAsync(messages));
        }
    }

    [Fact]
    public async Task Predict_DemosOverTheContext_LastDemosLeftOutUntilTheRequestFits()
    {
        using var engine = new EngineChatClient(WideModel);
        using var recorder = new RecordingChatClient(engine);
        var predict = new Predict("answer", "question -> answer", new LanguageModel(recorder, "tiny-chat", maxOutputTokens: 16))
        {
            Demos = Enumerable.Range(0, 6).Select(i => Example.From(("question", $"Demo {i}: " + Words(8)), ("answer", $"reply {i}")).WithInputs("question")).ToList(),
        };
        var inputs = new Dictionary<string, string> { ["question"] = "Which one?" };
        var fitting = Enumerable.Range(0, 7).Last(k => Fits(predict, inputs, k, 16));
        Assert.InRange(fitting, 1, 5);

        // The random model's reply does not parse: the call fails on the reply, not on the context.
        await Assert.ThrowsAsync<AdapterParseException>(() => predict.PredictAsync(inputs));

        var demosPerAttempt = recorder.Attempts.Select(a => (a.Messages.Count - 2) / 2).ToList();
        Assert.Equal(Enumerable.Range(fitting, 6 - fitting + 1).Reverse(), demosPerAttempt);
        Assert.All(recorder.Attempts.SkipLast(1), a => Assert.IsType<ContextWindowExceededException>(a.Error));
        Assert.Null(recorder.Attempts[^1].Error);
    }

    [Fact]
    public async Task Predict_InputAloneOverTheContext_ThrowsContextWindowExceeded()
    {
        using var engine = new EngineChatClient(WideModel);
        var predict = new Predict("answer", "question -> answer", new LanguageModel(engine, "tiny-chat", maxOutputTokens: 16))
        {
            Demos = [Example.From(("question", "q"), ("answer", "a")).WithInputs("question")],
        };

        await Assert.ThrowsAsync<ContextWindowExceededException>(() => predict.PredictAsync(new Dictionary<string, string> { ["question"] = Words(1000) }));
    }

    private static bool Fits(Predict predict, Dictionary<string, string> inputs, int demos, int replyTokens)
    {
        var messages = predict.Adapter.Format(predict.Signature, predict.Demos.Take(demos).ToList(), inputs);
        return PromptTokens(messages, WideModel) + replyTokens <= WideModel.Model.Config.MaxPositionEmbeddings;
    }

    private static int PromptTokens(IEnumerable<ChatMessage> messages, LocalModel? model = null) =>
        (model ?? Model).Tokenizer.Encode((model ?? Model).Template.Render(messages.Select(m => new ChatTurn(m.Role.Value, m.Text)).ToList(), addGenerationPrompt: true)).Length;

    private static string Words(int count) => string.Join(' ', Enumerable.Range(0, count).Select(i => $"petal{i % 10}"));

    /// <summary>Passes requests to the engine and records each one with the exception it ended in.</summary>
    private sealed class RecordingChatClient(IChatClient inner) : DelegatingChatClient(inner)
    {
        public List<(IReadOnlyList<ChatMessage> Messages, Exception? Error)> Attempts { get; } = [];

        public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var list = messages.ToList();
            try
            {
                var response = await base.GetResponseAsync(list, options, cancellationToken);
                Attempts.Add((list, null));
                return response;
            }
            catch (ContextWindowExceededException e)
            {
                Attempts.Add((list, e));
                throw;
            }
        }
    }
}
