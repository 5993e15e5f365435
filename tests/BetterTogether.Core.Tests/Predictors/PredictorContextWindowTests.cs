using BetterTogether.Core.Examples;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Core.Optimizers;
using BetterTogether.Core.Programs;
using BetterTogether.Core.Tests.TestSupport;
using BetterTogether.Core.Tracing;

namespace BetterTogether.Core.Tests.Predictors;

/// <summary>A predictor whose request does not fit the LM's context window leaves its last demos out.</summary>
public sealed class PredictorContextWindowTests
{
    // The client takes at most two demos (six messages: system, two demo pairs, the question).
    private static ScriptedChatClient TwoDemoClient() => new(r => r.Messages.Count <= 6
        ? Replies.Fields(("answer", TestData.Solve(r.Field("question"))))
        : throw new ContextWindowExceededException(64, 10 * r.Messages.Count, 16));

    [Fact]
    public async Task PredictAsync_TooManyDemos_RetriesWithoutTheLastOnesAndRecordsHowMany()
    {
        var client = TwoDemoClient();
        var program = PredictorProgram.Predict("question -> answer", TestData.Lm(client));
        var predictor = program.NamedPredictors().Single().Value;
        predictor.Demos = TestData.Sums(5, offset: 10);
        var trace = new Trace();

        Prediction prediction;
        using (TraceScope.Begin(trace))
        {
            prediction = await program.ForwardAsync(Example.From(("question", "3+4")));
        }

        Assert.Equal("7", prediction["answer"]);
        Assert.Equal([5, 4, 3, 2], client.Requests.Select(r => r.DemoUserTurns.Count()));
        Assert.Equal(["10+10", "11+11"], client.Requests[^1].DemoUserTurns.Select(t => ScriptedRequest.FieldIn(t, "question")));
        Assert.Equal(3, Assert.Single(trace.Steps).DemosDropped);
        Assert.Equal(5, predictor.Demos.Count);
    }

    [Fact]
    public async Task PredictAsync_DemosFit_OneRequestNothingDropped()
    {
        var client = TwoDemoClient();
        var program = PredictorProgram.Predict("question -> answer", TestData.Lm(client));
        program.NamedPredictors().Single().Value.Demos = TestData.Sums(2);
        var trace = new Trace();

        using (TraceScope.Begin(trace))
        {
            await program.ForwardAsync(Example.From(("question", "1+1")));
        }

        Assert.Single(client.Requests);
        Assert.Equal(0, Assert.Single(trace.Steps).DemosDropped);
    }

    [Fact]
    public async Task PredictAsync_TooLongWithoutDemos_ThrowsTheClientsError()
    {
        var client = new ScriptedChatClient(_ => throw new ContextWindowExceededException(64, 80, 16));
        var program = PredictorProgram.Predict("question -> answer", TestData.Lm(client));
        program.NamedPredictors().Single().Value.Demos = TestData.Sums(2);

        var error = await Assert.ThrowsAsync<ContextWindowExceededException>(() => program.ForwardAsync(Example.From(("question", "1+1"))));

        Assert.Equal(3, client.Requests.Count);
        Assert.Equal(80, error.PromptTokens);
        Assert.Contains("80 in the messages, 16 for the reply", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CollectTracesAsync_CallThatDroppedDemos_RecordHoldsOnlyTheDemosItSaw()
    {
        var program = PredictorProgram.Predict("question -> answer", TestData.Lm(TwoDemoClient()));
        program.NamedPredictors().Single().Value.Demos = TestData.Sums(4, offset: 10);
        var finetune = new BootstrapFinetune(new InMemoryFineTuner(), new BootstrapFinetuneOptions { Metric = TestData.AnswerMatches, ExcludeDemos = false });

        var traces = await finetune.CollectTracesAsync(program, TestData.Sums(1, offset: 3));

        var record = Assert.Single(Assert.Single(traces).Calls).Record;
        // system, two demo pairs, the question, the answer.
        Assert.Equal(["system", "user", "assistant", "user", "assistant", "user", "assistant"], record.Messages.Select(m => m.Role));
        Assert.Contains("11+11", record.Messages[3].Content, StringComparison.Ordinal);
    }
}
