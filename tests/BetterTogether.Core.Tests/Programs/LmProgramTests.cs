using BetterTogether.Core.Examples;
using BetterTogether.Core.Predictors;
using BetterTogether.Core.Programs;
using BetterTogether.Core.Tests.TestSupport;

namespace BetterTogether.Core.Tests.Programs;

public sealed class LmProgramTests
{
    private sealed class MultiHop : LmProgram
    {
        private readonly Predict[] _queries = [new("query_0", "question -> query"), new("query_1", "question, context -> query")];
        private readonly ChainOfThought _answer = new("answer", "question, context -> answer");

        public override async Task<Prediction> ForwardAsync(Example inputs, CancellationToken cancellationToken = default)
        {
            var context = string.Empty;
            foreach (var query in _queries)
            {
                var q = await query.PredictAsync(new Dictionary<string, string> { ["question"] = inputs["question"], ["context"] = context }, cancellationToken);
                context += q["query"] + ";";
            }

            return await _answer.PredictAsync(new Dictionary<string, string> { ["question"] = inputs["question"], ["context"] = context }, cancellationToken);
        }
    }

    private sealed class Duplicate : LmProgram
    {
        private readonly Predict _a = new("same", "q -> a");
        private readonly Predict _b = new("same", "q -> a");

        public override Task<Prediction> ForwardAsync(Example inputs, CancellationToken cancellationToken = default) =>
            Task.FromResult(Prediction.Empty);

        public override string ToString() => $"{_a}{_b}";
    }

    [Fact]
    public void NamedPredictors_FieldsAndArrays_InDeclarationOrder() =>
        Assert.Equal(["query_0", "query_1", "answer"], new MultiHop().NamedPredictors().Select(p => p.Key));

    [Fact]
    public void NamedPredictors_DuplicateNames_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new Duplicate().NamedPredictors());
        Assert.Contains("\"same\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeepCopy_ChangingCopyDemos_LeavesOriginalAlone()
    {
        var program = new MultiHop();
        program.GetPredictor("answer").Demos = [Example.From(("question", "q"), ("context", "c"), ("reasoning", "r"), ("answer", "a"))];
        var copy = program.DeepCopy();
        copy.GetPredictor("answer").Demos = [];
        copy.GetPredictor("query_1").Demos = [Example.From(("question", "x"))];
        Assert.Single(program.GetPredictor("answer").Demos);
        Assert.Empty(program.GetPredictor("query_1").Demos);
        Assert.NotSame(program.GetPredictor("query_0"), copy.GetPredictor("query_0"));
    }

    [Fact]
    public void Reset_ClearsDemosAndKeepsLm()
    {
        var lm = TestData.Lm(new ScriptedChatClient(_ => string.Empty));
        var program = new MultiHop();
        program.SetLm(lm);
        program.GetPredictor("answer").Demos = [Example.From(("question", "q"))];
        program.IsCompiled = true;
        var reset = program.ResetCopy();
        Assert.Empty(reset.GetPredictor("answer").Demos);
        Assert.Same(lm, reset.GetPredictor("answer").Lm);
        Assert.False(reset.IsCompiled);
        Assert.Single(program.GetPredictor("answer").Demos);
    }

    [Fact]
    public async Task ForwardAsync_ComposedProgram_CallsPredictorsInOrder()
    {
        var client = new ScriptedChatClient(r => r.System.Contains("`query`", StringComparison.Ordinal)
            ? Replies.Fields(("query", "hop"))
            : Replies.Fields(("reasoning", "because"), ("answer", r.Field("context"))));
        var program = new MultiHop();
        program.SetLm(TestData.Lm(client));
        var prediction = await program.ForwardAsync(Example.From(("question", "who?")).WithInputs("question"));
        Assert.Equal("hop;hop;", prediction["answer"]);
        Assert.Equal("because", prediction["reasoning"]);
        Assert.Equal(3, client.Requests.Count);
    }

    [Fact]
    public async Task PredictAsync_NoLm_ThrowsNamingPredictor()
    {
        var program = PredictorProgram.Predict("question -> answer");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => program.ForwardAsync(Example.From(("question", "q")).WithInputs("question")));
        Assert.Contains("\"predict\"", error.Message, StringComparison.Ordinal);
    }
}
