using System.Globalization;
using BetterTogether.Core.Evaluation;
using BetterTogether.Core.Optimizers;
using BetterTogether.Core.Programs;
using BetterTogether.Core.Tests.TestSupport;

namespace BetterTogether.Core.Tests.Optimizers;

public sealed class BetterTogetherStepPolicyTests
{
    [Theory]
    [InlineData(0, 2, false)]
    [InlineData(1, 2, false)]
    [InlineData(2, 2, true)]
    [InlineData(5, 2, true)]
    public void IsAborted_Errors_AbortAtTheBudget(int errors, int maxErrors, bool aborted) =>
        Assert.Equal(aborted, BetterTogetherStepPolicy.IsAborted(errors, maxErrors));

    [Fact]
    public void ShardErrorBudget_IsTheWholeBudget() => Assert.Equal(10, BetterTogetherStepPolicy.ShardErrorBudget(10));

    [Fact]
    public void CombineShards_EachShardUnderBudgetButSumReachesIt_Aborts()
    {
        var shards = new[] { BetterTogetherStepPolicy.Completed([1, 0], 1), BetterTogetherStepPolicy.Completed([1, 1], 0), BetterTogetherStepPolicy.Completed([0, 1], 1) };

        var combined = BetterTogetherStepPolicy.CombineShards(shards, maxErrors: 2);

        Assert.True(combined.Aborted);
        Assert.Equal(BetterTogetherStepPolicy.AbortedScore, combined.Score);
        Assert.Equal(2, combined.Errors);
        Assert.Empty(combined.ExampleScores);
    }

    [Fact]
    public void CombineShards_UnderBudget_ScoresEveryExampleAtOnce()
    {
        var shards = new[] { BetterTogetherStepPolicy.Completed([1, 0], 1), BetterTogetherStepPolicy.Completed([1], 0), BetterTogetherStepPolicy.Completed([0, 0, 1], 0) };

        var combined = BetterTogetherStepPolicy.CombineShards(shards, maxErrors: 2);

        Assert.False(combined.Aborted);
        Assert.Equal([1.0, 0, 1, 0, 0, 1], combined.ExampleScores);
        Assert.Equal(50, combined.Score);
        Assert.Equal(1, combined.Errors);
    }

    [Fact]
    public void CombineShards_OneShardAborted_Aborts()
    {
        var combined = BetterTogetherStepPolicy.CombineShards([BetterTogetherStepPolicy.Completed([1], 0), BetterTogetherStepPolicy.Aborted(3)], maxErrors: 3);
        Assert.True(combined.Aborted);
        Assert.Equal(3, combined.Errors);
    }

    // Any sharding of any failure pattern gives the outcome of one evaluation of the whole set.
    [Theory]
    [InlineData("......", 1)]
    [InlineData("..x..x", 2)]
    [InlineData("..x..x", 3)]
    [InlineData("xx.x.x.", 3)]
    [InlineData("xx.x.x.", 5)]
    [InlineData("x......", 1)]
    public async Task CombineShards_AnySharding_MatchesOneEvaluation(string pattern, int maxErrors)
    {
        // Example i fails (an unparseable reply) where the pattern has an x; otherwise the answer is right when i is even.
        var client = new ScriptedChatClient(r =>
        {
            var i = int.Parse(r.Field("question").Split('+')[0], CultureInfo.InvariantCulture);
            return pattern[i] == 'x' ? "no fields here" : Replies.Fields(("answer", i % 2 == 0 ? TestData.Solve(r.Field("question")) : "wrong"));
        });
        var program = PredictorProgram.Predict("question -> answer", TestData.Lm(client));
        var set = TestData.Sums(pattern.Length);
        var whole = await BetterTogetherStepPolicy.EvaluateAsync(Evaluator(maxErrors), program, set);

        for (var shards = 1; shards <= set.Count; shards++)
        {
            var budget = BetterTogetherStepPolicy.ShardErrorBudget(maxErrors);
            var outcomes = new List<EvaluationOutcome>();
            for (var shard = 0; shard < shards; shard++)
            {
                var (start, end) = (set.Count * shard / shards, set.Count * (shard + 1) / shards);
                outcomes.Add(await BetterTogetherStepPolicy.EvaluateAsync(Evaluator(budget), program, set[start..end]));
            }

            var combined = BetterTogetherStepPolicy.CombineShards(outcomes, maxErrors);
            Assert.Equal((whole.Aborted, whole.Score), (combined.Aborted, combined.Score));
            Assert.Equal(whole.ExampleScores, combined.ExampleScores);
        }
    }

    [Fact]
    public async Task EvaluateAsync_ReachesMaxErrors_ScoresZeroAndSaysAborted()
    {
        var program = PredictorProgram.Predict("question -> answer", TestData.Lm(new ScriptedChatClient(_ => "no fields here")));

        var outcome = await BetterTogetherStepPolicy.EvaluateAsync(Evaluator(2), program, TestData.Sums(5));

        Assert.True(outcome.Aborted);
        Assert.Equal(0, outcome.Score);
        Assert.Equal(2, outcome.Errors);
    }

    [Fact]
    public void SelectPromptCandidate_AbortedCandidate_NeverWinsEvenOnATie()
    {
        EvaluationOutcome[] candidates = [BetterTogetherStepPolicy.Aborted(2), BetterTogetherStepPolicy.Completed([0, 0], 0), BetterTogetherStepPolicy.Aborted(4)];
        Assert.Equal(1, BetterTogetherStepPolicy.SelectPromptCandidate(candidates));
    }

    [Fact]
    public void SelectPromptCandidate_Scored_FirstStrictlyBestWins()
    {
        EvaluationOutcome[] candidates = [BetterTogetherStepPolicy.Completed([0, 1], 0), BetterTogetherStepPolicy.Aborted(2), BetterTogetherStepPolicy.Completed([1, 1], 0), BetterTogetherStepPolicy.Completed([1, 1], 0)];
        Assert.Equal(2, BetterTogetherStepPolicy.SelectPromptCandidate(candidates));
    }

    [Fact]
    public void SelectPromptCandidate_EveryCandidateAborted_FailsTheStep()
    {
        var error = Assert.Throws<EvaluationAbortedException>(() => BetterTogetherStepPolicy.SelectPromptCandidate([BetterTogetherStepPolicy.Aborted(2), BetterTogetherStepPolicy.Aborted(3)]));
        Assert.Contains("Every one of the 2 random-search candidates reached max_errors", error.Message, StringComparison.Ordinal);
        Assert.Contains("(2, 3 failed examples)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WeightStepSkipReason_NothingKept_SaysWhy_SomethingKept_Trains()
    {
        Assert.Equal(
            "none of the 12 traced training runs parsed and passed the metric, so there was nothing to fine-tune on; the program is unchanged",
            BetterTogetherStepPolicy.WeightStepSkipReason(12, 0));
        Assert.Null(BetterTogetherStepPolicy.WeightStepSkipReason(12, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => BetterTogetherStepPolicy.WeightStepSkipReason(1, 2));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(-5)]
    public void FineTuneSeed_IsTheRunSeed(int seed) => Assert.Equal(seed, BetterTogetherStepPolicy.FineTuneSeed(seed));

    [Fact]
    public void TraceErrorBudget_TenPerExample_NeverReachable()
    {
        Assert.Equal(1, BetterTogetherStepPolicy.TraceErrorBudget(0));
        Assert.Equal(120, BetterTogetherStepPolicy.TraceErrorBudget(12));
        Assert.Equal(int.MaxValue, BetterTogetherStepPolicy.TraceErrorBudget(int.MaxValue / 2));
    }

    [Fact]
    public void SelectBest_Scores_BestEarliestOnTiesNullLast_LatestWithoutValset()
    {
        Assert.Equal(1, BetterTogetherStepPolicy.SelectBest([50, 70, 70], hasValset: true));
        Assert.Equal(1, BetterTogetherStepPolicy.SelectBest([null, 10], hasValset: true));
        Assert.Equal(0, BetterTogetherStepPolicy.SelectBest([50, null], hasValset: true));
        Assert.Equal(2, BetterTogetherStepPolicy.SelectBest([null, null, null], hasValset: false));
        Assert.Throws<ArgumentException>(() => BetterTogetherStepPolicy.SelectBest([], hasValset: true));
    }

    [Fact]
    public void StepFailure_NamesStepAndKey() =>
        Assert.Equal("Step 2/3 (\"w\") failed: CUDA out of memory", BetterTogetherStepPolicy.StepFailure(2, 3, "w", "CUDA out of memory"));

    private static Evaluator Evaluator(int maxErrors) => new(TestData.AnswerMatches, new EvaluatorOptions { MaxErrors = maxErrors });
}
