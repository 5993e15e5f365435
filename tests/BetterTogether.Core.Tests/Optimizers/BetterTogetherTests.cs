using System.Globalization;
using BetterTogether.Core.Optimizers;
using BetterTogether.Core.Programs;
using BetterTogether.Core.State;
using BetterTogether.Core.Tests.TestSupport;

namespace BetterTogether.Core.Tests.Optimizers;

public sealed class BetterTogetherTests
{
    private static readonly string[] Keys = ["p", "w"];

    [Theory]
    [InlineData("p -> w -> p", new[] { "p", "w", "p" })]
    [InlineData("p->w", new[] { "p", "w" })]
    [InlineData("  w ", new[] { "w" })]
    public void Parse_ValidStrategies_Steps(string text, string[] steps)
    {
        var strategy = BetterTogetherStrategy.Parse(text, Keys);
        Assert.Equal(steps, strategy.Steps);
        Assert.Equal(string.Join(" -> ", steps), strategy.ToString());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("p -> -> w", "empty step at position 2")]
    [InlineData("p -> ", "empty step at position 2")]
    [InlineData("p w", "contains whitespace")]
    [InlineData("p -> x -> q", "unknown optimizer key(s) [x, q]; valid keys are [p, w]")]
    public void Parse_InvalidStrategies_ThrowWithReason(string text, string reason)
    {
        var error = Assert.Throws<StrategyParseException>(() => BetterTogetherStrategy.Parse(text, Keys));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prefix_Counts_JoinSteps()
    {
        var strategy = BetterTogetherStrategy.Parse("p -> w -> p");
        Assert.Equal(string.Empty, strategy.Prefix(0));
        Assert.Equal("p -> w", strategy.Prefix(2));
    }

    [Fact]
    public void SplitTrainset_Ratio_HoldsOutFirstExamples()
    {
        var trainset = TestData.Sums(25);
        var (train, val) = BetterTogetherOptimizer.SplitTrainset(trainset, null, 0.1);
        Assert.Equal(trainset.Take(2), val!);
        Assert.Equal(trainset.Skip(2), train);
        Assert.Null(BetterTogetherOptimizer.SplitTrainset(trainset, null, 0).Valset);
        var given = TestData.Sums(3, offset: 100);
        Assert.Same(given, BetterTogetherOptimizer.SplitTrainset(trainset, given, 0.5).Valset);
        Assert.Throws<ArgumentOutOfRangeException>(() => BetterTogetherOptimizer.SplitTrainset(trainset, null, 1.0));
        Assert.Throws<ArgumentException>(() => BetterTogetherOptimizer.SplitTrainset([], null, 0.1));
    }

    [Fact]
    public void TrainsetForStep_Steps_ReplayCumulativeCPythonShuffles()
    {
        var trainset = TestData.Sums(10);
        // CPython: r = random.Random(0); x = list(range(10)); r.shuffle(x) three times.
        int[][] expected = [[7, 8, 1, 5, 3, 4, 2, 0, 9, 6], [6, 3, 9, 2, 7, 8, 0, 1, 5, 4], [1, 6, 4, 2, 9, 8, 0, 5, 3, 7]];
        for (var step = 0; step < 3; step++)
        {
            Assert.Equal(expected[step].Select(i => trainset[i]), BetterTogetherOptimizer.TrainsetForStep(trainset, 0, step));
        }

        Assert.Equal(trainset, BetterTogetherOptimizer.TrainsetForStep(trainset, 0, 2, shuffle: false));
    }

    // The base LM solves even left operands only; any fine-tuned adapter solves everything.
    private static ScriptedChatClient AdapterAwareClient() => new(r =>
    {
        var question = r.Field("question");
        var left = int.Parse(question.Split('+')[0], CultureInfo.InvariantCulture);
        return Replies.Fields(("answer", r.AdapterName is not null || left % 2 == 0 ? TestData.Solve(question) : "wrong"));
    });

    private static BetterTogetherOptimizer Optimizer(InMemoryFineTuner tuner) => new(new BetterTogetherOptions
    {
        Metric = TestData.AnswerMatches,
        Optimizers = new Dictionary<string, IOptimizer>
        {
            ["p"] = new BootstrapFewShotWithRandomSearch(new RandomSearchOptions { Metric = TestData.AnswerMatches, NumCandidatePrograms = 1, MaxBootstrappedDemos = 2, MaxLabeledDemos = 2 }),
            ["w"] = new BootstrapFinetune(tuner, new BootstrapFinetuneOptions { Metric = TestData.AnswerMatches, PollInterval = TimeSpan.FromMilliseconds(1) }),
        },
    });

    [Fact]
    public async Task CompileAsync_PromptAfterWeights_RunsOnFineTunedLm()
    {
        var client = AdapterAwareClient();
        var tuner = new InMemoryFineTuner();
        var student = PredictorProgram.Predict("question -> answer", TestData.Lm(client));
        var result = await Optimizer(tuner).CompileAsync(student, TestData.Sums(20));

        Assert.False(result.ErrorOccurred);
        Assert.Equal(["p -> w", "p -> w -> p", "", "p"], result.Candidates.Select(c => c.Strategy));
        Assert.Equal([100.0, 100, 50, 50], result.Candidates.Select(c => c.Score));
        Assert.Equal("p -> w", result.BestStrategy);
        var adapter = Assert.Single(tuner.Requests).AdapterName;
        Assert.Equal(adapter, result.BestProgram.GetPredictor("predict").Lm!.Adapter!.Name);

        // Once the adapter exists, every later call (the whole second prompt step included) goes through it.
        var firstTuned = client.Requests.ToList().FindIndex(r => r.AdapterName is not null);
        Assert.True(firstTuned > 0);
        Assert.All(client.Requests.Skip(firstTuned), r => Assert.Equal(adapter, r.AdapterName));
        Assert.Equal(adapter, result.Candidates.Single(c => c.Strategy == "p -> w -> p").Program.GetPredictor("predict").Lm!.Adapter!.Name);
        Assert.Null(student.Predictor.Lm!.Adapter);
    }

    [Fact]
    public async Task RunStepAsync_SingleWeightStep_ReturnsScoredCandidateAndLeavesInputAlone()
    {
        var tuner = new InMemoryFineTuner();
        var optimizer = Optimizer(tuner);
        var student = PredictorProgram.Predict("question -> answer", TestData.Lm(AdapterAwareClient()));
        var (train, val) = BetterTogetherOptimizer.SplitTrainset(TestData.Sums(20), null, 0.1);
        var candidate = await optimizer.RunStepAsync(new BetterTogetherCandidate("p", 50, student), optimizer.ParseStrategy("p -> w"), 1, train, val);

        Assert.Equal("p -> w", candidate.Strategy);
        Assert.Equal(100, candidate.Score);
        Assert.NotNull(candidate.Program.GetPredictor("predict").Lm!.Adapter);
        Assert.Null(student.Predictor.Lm!.Adapter);
        Assert.Single(tuner.Requests);
    }

    [Fact]
    public async Task CompileAsync_WeightStepFails_StopsAndReturnsBestSoFar()
    {
        var student = PredictorProgram.Predict("question -> answer", TestData.Lm(AdapterAwareClient()));
        var result = await Optimizer(new InMemoryFineTuner { FailJobs = true }).CompileAsync(student, TestData.Sums(20));

        Assert.True(result.ErrorOccurred);
        Assert.IsType<FineTuneFailedException>(result.Error!.InnerException);
        Assert.StartsWith("Step 2/3 (\"w\") failed: ", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(["", "p"], result.Candidates.Select(c => c.Strategy));
        Assert.Equal(string.Empty, result.BestStrategy);
    }

    [Fact]
    public async Task CompileAsync_NoTracePassesTheMetric_SkipsTheWeightStepAndGoesOn()
    {
        var tuner = new InMemoryFineTuner();
        var client = new ScriptedChatClient(r => Replies.Fields(("answer", r.AdapterName is null ? "wrong" : TestData.Solve(r.Field("question")))));
        var student = PredictorProgram.Predict("question -> answer", TestData.Lm(client));

        var result = await Optimizer(tuner).CompileAsync(student, TestData.Sums(20));

        Assert.False(result.ErrorOccurred);
        var byStrategy = result.Candidates.ToDictionary(c => c.Strategy);
        Assert.Equal(["", "p", "p -> w", "p -> w -> p"], result.Candidates.Select(c => c.Strategy).Order(StringComparer.Ordinal));
        var weight = byStrategy["p -> w"];
        Assert.Equal(BetterTogetherStepPolicy.WeightStepSkipReason(18, 0), weight.Skipped);
        Assert.Equal(byStrategy["p"].Score, weight.Score);
        Assert.Equal(ProgramState.Serialize(byStrategy["p"].Program), ProgramState.Serialize(weight.Program));
        Assert.Null(byStrategy["p -> w -> p"].Skipped);
        Assert.Empty(tuner.Requests);
        Assert.Equal(string.Empty, result.BestStrategy);
    }

    [Fact]
    public async Task CompileAsync_WeightStep_ShufflesAndTrainsWithTheRunSeed()
    {
        var tuner = new InMemoryFineTuner();
        var student = PredictorProgram.Predict("question -> answer", TestData.Lm(AdapterAwareClient()));
        var options = Optimizer(tuner).Options with { Seed = 5, ShuffleTrainsetBetweenSteps = false };

        await new BetterTogetherOptimizer(options).CompileAsync(student, TestData.Sums(20), strategy: "w");

        // The w optimizer's own seed is 0; the run's seed replaces it for the record shuffle and the job.
        var request = Assert.Single(tuner.Requests);
        Assert.Equal(5, request.Seed);
        var reference = new BootstrapFinetune(new InMemoryFineTuner(), new BootstrapFinetuneOptions { Metric = TestData.AnswerMatches, Seed = 5 });
        var train = BetterTogetherOptimizer.SplitTrainset(TestData.Sums(20), null, options.ValsetRatio).Trainset;
        var expected = reference.CreateRequest(reference.BuildDatasets(student, await reference.CollectTracesAsync(student, train))[0]);
        Assert.Equal(expected.AdapterName, request.AdapterName);
        Assert.Equal(expected.Records.Select(r => r.Messages[^1].Content), request.Records.Select(r => r.Messages[^1].Content));
    }

    [Fact]
    public async Task CompileAsync_NoValset_ReturnsLatestWithNullScores()
    {
        var student = PredictorProgram.Predict("question -> answer", TestData.Lm(AdapterAwareClient()));
        var optimizer = new BetterTogetherOptimizer(Optimizer(new InMemoryFineTuner()).Options with { ValsetRatio = 0 });
        var result = await optimizer.CompileAsync(student, TestData.Sums(10), strategy: "p -> w");
        Assert.Equal("p -> w", result.BestStrategy);
        Assert.All(result.Candidates, c => Assert.Null(c.Score));
    }

    [Fact]
    public async Task CompileAsync_UnknownKey_ThrowsBeforeAnyCall()
    {
        var client = AdapterAwareClient();
        var student = PredictorProgram.Predict("question -> answer", TestData.Lm(client));
        await Assert.ThrowsAsync<StrategyParseException>(() => Optimizer(new InMemoryFineTuner()).CompileAsync(student, TestData.Sums(10), strategy: "p -> m"));
        Assert.Empty(client.Requests);
    }

    [Fact]
    public async Task CompileAsync_PredictorWithoutLm_Throws() =>
        await Assert.ThrowsAsync<InvalidOperationException>(() => Optimizer(new InMemoryFineTuner()).CompileAsync(PredictorProgram.Predict("question -> answer"), TestData.Sums(10)));
}
