using BetterTogether.Core.Metrics;
using BetterTogether.Core.Optimizers;
using BetterTogether.Core.Programs;
using BetterTogether.Core.Tests.TestSupport;

namespace BetterTogether.Core.Tests.Optimizers;

public sealed class RandomSearchTests
{
    // The reply's answer is the number of demos in the prompt. Bootstrapping (trace set) accepts every run;
    // evaluation scores 1 only for prompts with exactly two demos.
    private static readonly Metric TwoDemosWin = (_, prediction, trace) => trace is not null ? 1 : prediction["answer"] == "2" ? 1 : 0;

    private static ScriptedChatClient DemoCounter() => new(r => Replies.Fields(("answer", ((r.Messages.Count - 2) / 2).ToString(System.Globalization.CultureInfo.InvariantCulture))));

    private static BootstrapFewShotWithRandomSearch Optimizer(double? stopAtScore = null) => new(new RandomSearchOptions
    {
        Metric = TwoDemosWin,
        MaxBootstrappedDemos = 4,
        MaxLabeledDemos = 2,
        NumCandidatePrograms = 3,
        StopAtScore = stopAtScore,
    });

    [Fact]
    public void CandidateSeeds_Three_StartsAtMinusThree() =>
        Assert.Equal([-3, -2, -1, 0, 1, 2], BootstrapFewShotWithRandomSearch.CandidateSeeds(3));

    [Fact]
    public void PlanCandidate_Seeds_MatchCPythonShufflesAndDemoCounts()
    {
        var trainset = TestData.Sums(10);
        var optimizer = Optimizer();
        Assert.Equal(CandidateKind.ZeroShot, optimizer.PlanCandidate(trainset, -3).Kind);
        Assert.Equal(CandidateKind.LabeledOnly, optimizer.PlanCandidate(trainset, -2).Kind);
        var unshuffled = optimizer.PlanCandidate(trainset, -1);
        Assert.Equal(trainset, unshuffled.Trainset);
        Assert.Equal(4, unshuffled.MaxBootstrappedDemos);

        // CPython: random.Random(s).shuffle(list(range(10))) and random.Random(s).randint(1, 4)
        int[][] orders = [[7, 8, 1, 5, 3, 4, 2, 0, 9, 6], [6, 8, 9, 7, 5, 3, 0, 4, 1, 2], [5, 9, 3, 4, 6, 7, 2, 8, 1, 0]];
        int[] sizes = [4, 2, 1];
        for (var seed = 0; seed < 3; seed++)
        {
            var plan = optimizer.PlanCandidate(trainset, seed);
            Assert.Equal(orders[seed].Select(i => trainset[i]), plan.Trainset);
            Assert.Equal(sizes[seed], plan.MaxBootstrappedDemos);
        }
    }

    [Fact]
    public void SelectBest_Ties_EarliestWins()
    {
        Assert.Equal(1, BootstrapFewShotWithRandomSearch.SelectBest([50, 70, 70, 60]));
        Assert.Equal(0, BootstrapFewShotWithRandomSearch.SelectBest([10, 10]));
    }

    [Fact]
    public async Task BuildCandidateAsync_Seed2_BootstrapsOneAndFillsOneLabeled()
    {
        var trainset = TestData.Sums(10);
        var student = PredictorProgram.Predict("question -> answer", TestData.Lm(DemoCounter()));
        var candidate = await Optimizer().BuildCandidateAsync(student, trainset, 2);
        var demos = candidate.GetPredictor("predict").Demos;

        // Seed 2 walks [5, 9, 3, ...] and keeps one trace (5); the labelled pool Random(0)-shuffled then sampled gives 9.
        Assert.Equal(["5+5", "9+9"], demos.Select(d => d["question"]));
        Assert.Equal([true, false], demos.Select(d => d.Augmented));
    }

    [Fact]
    public async Task CompileAsync_AllSeeds_BestIsEarliestTopScoreAndCandidatesRanked()
    {
        var trainset = TestData.Sums(10);
        var student = PredictorProgram.Predict("question -> answer", TestData.Lm(DemoCounter()));
        var result = await Optimizer().CompileAsync(student, trainset);

        // Demo counts: -3: 0, -2: 2 labelled, -1: 4, seed 0: 4, seed 1: 2, seed 2: 1 + 1 labelled.
        Assert.Equal(-2, result.BestSeed);
        Assert.Equal([-2, 1, 2, -3, -1, 0], result.Candidates.Select(c => c.Seed));
        Assert.Equal([100.0, 100, 100, 0, 0, 0], result.Candidates.Select(c => c.Score));
        Assert.Same(result.Candidates[0].Program, result.BestProgram);
        Assert.Equal(10, result.Candidates[0].Subscores.Count);
        Assert.Empty(student.Predictor.Demos);
    }

    [Fact]
    public async Task CompileAsync_StopAtScore_StopsAfterFirstHit()
    {
        var student = PredictorProgram.Predict("question -> answer", TestData.Lm(DemoCounter()));
        var result = await Optimizer(stopAtScore: 100).CompileAsync(student, TestData.Sums(10));
        Assert.Equal([-2, -3], result.Candidates.Select(c => c.Seed));
    }

    // Validation questions (left operand >= 100) get an unparseable reply when the prompt has that many demos.
    private static ScriptedChatClient GarblingDemoCounter(Func<int, bool> garbles) => new(r =>
    {
        var demos = (r.Messages.Count - 2) / 2;
        var validation = int.Parse(r.Field("question").Split('+')[0], System.Globalization.CultureInfo.InvariantCulture) >= 100;
        return validation && garbles(demos) ? "no fields here" : Replies.Fields(("answer", demos.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    });

    [Fact]
    public async Task CompileAsync_SomeCandidatesReachMaxErrors_ScoresThemZeroAndKeepsSearching()
    {
        var student = PredictorProgram.Predict("question -> answer", TestData.Lm(GarblingDemoCounter(demos => demos == 4)));
        var optimizer = new BootstrapFewShotWithRandomSearch(Optimizer().Options with { MaxErrors = 2 });

        var result = await optimizer.CompileAsync(student, TestData.Sums(10), TestData.Sums(3, offset: 100));

        // Seeds -1 and 0 carry four demos: every validation reply fails, so their evaluations abort.
        Assert.Equal(-2, result.BestSeed);
        var aborted = result.Candidates.Where(c => c.Aborted).OrderBy(c => c.Seed).ToList();
        Assert.Equal([-1, 0], aborted.Select(c => c.Seed));
        Assert.All(aborted, c => Assert.Equal((0.0, 0), (c.Score, c.Subscores.Count)));
        Assert.Equal(100, result.Candidates[0].Score);
    }

    [Fact]
    public async Task CompileAsync_EveryCandidateReachesMaxErrors_Throws()
    {
        var student = PredictorProgram.Predict("question -> answer", TestData.Lm(GarblingDemoCounter(_ => true)));
        var optimizer = new BootstrapFewShotWithRandomSearch(Optimizer().Options with { MaxErrors = 2 });

        await Assert.ThrowsAsync<Core.Evaluation.EvaluationAbortedException>(() => optimizer.CompileAsync(student, TestData.Sums(10), TestData.Sums(3, offset: 100)));
    }

    [Fact]
    public async Task CompileAsync_RestrictMatchesNothing_Throws()
    {
        var student = PredictorProgram.Predict("question -> answer", TestData.Lm(DemoCounter()));
        await Assert.ThrowsAsync<ArgumentException>(() => Optimizer().CompileAsync(student, TestData.Sums(3), restrict: [7]));
    }

    [Fact]
    public async Task ZeroBootstrappedDemos_Accepted_RandomCandidatesHoldLabeledDemosOnly()
    {
        // DSPy issue #1425: randint(1, 0) failed; here a random candidate gets 0 bootstrapped demos.
        var optimizer = new BootstrapFewShotWithRandomSearch(new RandomSearchOptions { Metric = TwoDemosWin, MaxBootstrappedDemos = 0, MaxLabeledDemos = 2, NumCandidatePrograms = 2 });
        var trainset = TestData.Sums(6);
        Assert.Equal(0, optimizer.PlanCandidate(trainset, 0).MaxBootstrappedDemos);
        Assert.Equal(0, optimizer.PlanCandidate(trainset, 1).MaxBootstrappedDemos);

        var lm = DemoCounter();
        var student = PredictorProgram.Predict("question -> answer", TestData.Lm(lm));
        var candidate = await optimizer.BuildCandidateAsync(student, trainset, 0);
        var demos = Assert.Single(candidate.Predictors()).Demos;
        Assert.Equal(2, demos.Count);
        Assert.Empty(lm.Requests);

        var result = await optimizer.CompileAsync(student, trainset, TestData.Sums(3, offset: 100));
        Assert.NotNull(result.BestProgram);
    }

    [Fact]
    public async Task SeveralTeachers_Refused_NotSilentlyCutToTheFirst()
    {
        var student = PredictorProgram.Predict("question -> answer", TestData.Lm(DemoCounter()));
        var input = new OptimizerInput(TestData.Sums(3), TestData.Sums(2, offset: 100), [student.DeepCopy(), student.DeepCopy()]);
        var randomSearch = await Assert.ThrowsAsync<ArgumentException>(() => Optimizer().CompileAsync(student, input));
        Assert.Contains("takes one teacher", randomSearch.Message, StringComparison.Ordinal);
        var bootstrap = await Assert.ThrowsAsync<ArgumentException>(() => new BootstrapFewShot(new BootstrapFewShotOptions { Metric = TwoDemosWin }).CompileAsync(student, input));
        Assert.Contains("2 were given", bootstrap.Message, StringComparison.Ordinal);
    }
}
