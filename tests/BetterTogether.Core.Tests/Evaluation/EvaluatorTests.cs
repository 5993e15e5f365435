using BetterTogether.Core.Evaluation;
using BetterTogether.Core.Programs;
using BetterTogether.Core.Tests.TestSupport;

namespace BetterTogether.Core.Tests.Evaluation;

public sealed class EvaluatorTests
{
    // Correct on even left operands, wrong on odd ones; "boom" questions get an unparseable reply.
    private static ScriptedChatClient HalfRightClient(TimeSpan delay = default) => new(r =>
    {
        var question = r.Field("question");
        if (question.StartsWith("boom", StringComparison.Ordinal))
        {
            return "garbage";
        }

        var left = int.Parse(question.Split('+')[0], System.Globalization.CultureInfo.InvariantCulture);
        return Replies.Fields(("answer", left % 2 == 0 ? TestData.Solve(question) : "wrong"));
    })
    { Delay = delay };

    [Fact]
    public async Task EvaluateAsync_Parallel_ResultsInInputOrderAndScoreRounded()
    {
        var program = PredictorProgram.Predict("question -> answer", TestData.Lm(HalfRightClient(TimeSpan.FromMilliseconds(1))));
        var examples = TestData.Sums(3);
        var result = await new Evaluator(TestData.AnswerMatches, new EvaluatorOptions { MaxDegreeOfParallelism = 3 }).EvaluateAsync(program, examples);
        Assert.Equal(66.67, result.Score);
        Assert.Equal([0, 1, 2], result.Results.Select(r => r.Index));
        Assert.Equal([1.0, 0.0, 1.0], result.Results.Select(r => r.Score));
        Assert.Same(examples[1], result.Results[1].Example);
    }

    [Fact]
    public async Task EvaluateAsync_SameInputsTwice_SameResults()
    {
        var program = PredictorProgram.Predict("question -> answer", TestData.Lm(HalfRightClient()));
        var evaluator = new Evaluator(TestData.AnswerMatches, new EvaluatorOptions { MaxDegreeOfParallelism = 4 });
        var a = await evaluator.EvaluateAsync(program, TestData.Sums(25));
        var b = await evaluator.EvaluateAsync(program, TestData.Sums(25));
        Assert.Equal(a.Score, b.Score);
        Assert.Equal(a.Results.Select(r => r.Score), b.Results.Select(r => r.Score));
    }

    [Fact]
    public async Task EvaluateAsync_FailuresBelowMaxErrors_GetFailureScore()
    {
        var program = PredictorProgram.Predict("question -> answer", TestData.Lm(HalfRightClient()));
        var examples = TestData.Sums(2);
        examples.Add(Core.Examples.Example.From(("question", "boom"), ("answer", "x")).WithInputs("question"));
        var result = await new Evaluator(TestData.AnswerMatches, new EvaluatorOptions { FailureScore = 0.25 }).EvaluateAsync(program, examples);
        Assert.Equal(1, result.ErrorCount);
        Assert.IsType<Core.Adapters.AdapterParseException>(result.Results[2].Error);
        Assert.Equal(0.25, result.Results[2].Score);
        Assert.Equal(41.67, result.Score);
    }

    [Fact]
    public async Task EvaluateAsync_MaxErrorsReached_StopsAndSkipsRemainingExamples()
    {
        var client = HalfRightClient();
        var program = PredictorProgram.Predict("question -> answer", TestData.Lm(client));
        var examples = Enumerable.Range(0, 50).Select(i => Core.Examples.Example.From(("question", $"boom{i}"), ("answer", "x")).WithInputs("question")).ToList();
        var error = await Assert.ThrowsAsync<EvaluationAbortedException>(() =>
            new Evaluator(TestData.AnswerMatches, new EvaluatorOptions { MaxErrors = 3, MaxDegreeOfParallelism = 2 }).EvaluateAsync(program, examples));
        Assert.Equal(3, error.MaxErrors);
        Assert.True(error.ErrorCount >= 3);
        Assert.IsType<Core.Adapters.AdapterParseException>(error.InnerException);
        Assert.True(client.Requests.Count < 10, $"expected the run to stop early, but {client.Requests.Count} calls were made");
    }

    [Fact]
    public async Task EvaluateAsync_CallerCancels_ThrowsOperationCanceled()
    {
        var program = PredictorProgram.Predict("question -> answer", TestData.Lm(HalfRightClient(TimeSpan.FromMilliseconds(50))));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new Evaluator(TestData.AnswerMatches).EvaluateAsync(program, TestData.Sums(20), cts.Token));
    }

    [Fact]
    public async Task EvaluateAsync_ExampleWithoutInputKeys_Throws()
    {
        var program = PredictorProgram.Predict("question -> answer", TestData.Lm(HalfRightClient()));
        await Assert.ThrowsAsync<ArgumentException>(() => new Evaluator(TestData.AnswerMatches).EvaluateAsync(program, [Core.Examples.Example.From(("question", "1+1"))]));
    }
}
