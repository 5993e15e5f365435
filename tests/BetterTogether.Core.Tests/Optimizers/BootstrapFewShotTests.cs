using BetterTogether.Core.Optimizers;
using BetterTogether.Core.Programs;
using BetterTogether.Core.Tests.TestSupport;

namespace BetterTogether.Core.Tests.Optimizers;

public sealed class BootstrapFewShotTests
{
    private static ScriptedChatClient Solver(Func<ScriptedRequest, bool>? correct = null) =>
        new(r => Replies.Fields(("answer", correct is null || correct(r) ? TestData.Solve(r.Field("question")) : "wrong")));

    [Fact]
    public async Task CompileAsync_TeacherRuns_NeverSeeTheirOwnExampleAsDemo()
    {
        var client = Solver();
        var student = PredictorProgram.Predict("question -> answer", TestData.Lm(client));
        var trainset = TestData.Sums(6);
        await new BootstrapFewShot(new BootstrapFewShotOptions { Metric = TestData.AnswerMatches, MaxBootstrappedDemos = 6 }).CompileAsync(student, trainset);

        Assert.Equal(6, client.Requests.Count);
        foreach (var request in client.Requests)
        {
            var question = request.Field("question");
            var demoQuestions = request.DemoUserTurns.Select(t => ScriptedRequest.FieldIn(t, "question")).ToList();
            Assert.Equal(5, demoQuestions.Count);
            Assert.DoesNotContain(question, demoQuestions);
        }
    }

    [Fact]
    public async Task CompileAsync_MaxBootstrapped_StopsWalkingAndFillsWithLabeledFromRandom0Pool()
    {
        var client = Solver();
        var student = PredictorProgram.Predict("question -> answer", TestData.Lm(client));
        var trainset = TestData.Sums(10);
        var optimizer = new BootstrapFewShot(new BootstrapFewShotOptions { Metric = TestData.AnswerMatches, MaxBootstrappedDemos = 2, MaxLabeledDemos = 4 });
        var teacher = optimizer.PrepareTeacher(student, null, trainset);
        var result = await optimizer.BootstrapAsync(teacher, trainset);
        var compiled = optimizer.Train(student, result);

        Assert.Equal([0, 1], result.BootstrappedIndices);
        Assert.Equal(2, result.Attempts);
        var demos = compiled.GetPredictor("predict").Demos;
        Assert.Equal(["0+0", "1+1"], demos.Take(2).Select(d => d["question"]));
        Assert.All(demos.Take(2), d => Assert.True(d.Augmented));

        // CPython: pool = [2..9]; Random(0).shuffle(pool) -> [6,3,7,4,2,5,9,8]; Random(0).sample(pool, 2) -> [9, 8]
        Assert.Equal([trainset[9], trainset[8]], demos.Skip(2));
        Assert.True(compiled.IsCompiled);
        Assert.Empty(student.Predictor.Demos);
    }

    [Fact]
    public async Task BootstrapAsync_MetricFailures_AreNotDemos()
    {
        var client = Solver(r => int.Parse(r.Field("question").Split('+')[0], System.Globalization.CultureInfo.InvariantCulture) % 2 == 0);
        var student = PredictorProgram.Predict("question -> answer", TestData.Lm(client));
        var optimizer = new BootstrapFewShot(new BootstrapFewShotOptions { Metric = TestData.AnswerMatches, MaxLabeledDemos = 0 });
        var result = await optimizer.BootstrapAsync(optimizer.PrepareTeacher(student, null, TestData.Sums(6)), TestData.Sums(6));

        Assert.Equal([0, 2, 4], result.BootstrappedIndices);
        Assert.Equal(["0+0", "2+2", "4+4"], result.DemosByPredictor["predict"].Select(d => d["question"]));
        Assert.Equal(["0", "4", "8"], result.DemosByPredictor["predict"].Select(d => d["answer"]));
    }

    [Fact]
    public async Task BootstrapAsync_LaterRounds_SampleAtTemperatureOneWithRolloutId()
    {
        var client = Solver(r => r.RolloutId == 2);
        var student = PredictorProgram.Predict("question -> answer", TestData.Lm(client));
        var optimizer = new BootstrapFewShot(new BootstrapFewShotOptions { Metric = TestData.AnswerMatches, MaxRounds = 3, MaxBootstrappedDemos = 1, MaxLabeledDemos = 0 });
        var result = await optimizer.BootstrapAsync(student.DeepCopy(), TestData.Sums(3));

        Assert.Equal([0], result.BootstrappedIndices);
        Assert.Equal(3, result.Attempts);
        Assert.Equal([0f, 1f, 1f], client.Requests.Select(r => r.Options!.Temperature!.Value));
        Assert.Equal([null, 1, 2], client.Requests.Select(r => r.RolloutId));
    }

    [Fact]
    public async Task BootstrapAsync_ErrorsReachMaxErrors_Throws()
    {
        var client = new ScriptedChatClient(_ => "unparseable");
        var student = PredictorProgram.Predict("question -> answer", TestData.Lm(client));
        var optimizer = new BootstrapFewShot(new BootstrapFewShotOptions { Metric = TestData.AnswerMatches, MaxErrors = 2, MaxLabeledDemos = 0 });
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => optimizer.BootstrapAsync(student.DeepCopy(), TestData.Sums(5)));
        Assert.IsType<Core.Adapters.AdapterParseException>(error.InnerException);
        Assert.Equal(2, client.Requests.Count);
    }

    [Fact]
    public async Task BootstrapAsync_FailedRun_RestoresTeacherDemos()
    {
        var client = new ScriptedChatClient(_ => "unparseable");
        var student = PredictorProgram.Predict("question -> answer", TestData.Lm(client));
        var optimizer = new BootstrapFewShot(new BootstrapFewShotOptions { Metric = TestData.AnswerMatches, MaxErrors = 100 });
        var trainset = TestData.Sums(3);
        var teacher = optimizer.PrepareTeacher(student, null, trainset);
        await optimizer.BootstrapAsync(teacher, trainset);
        Assert.Equal(3, teacher.GetPredictor("predict").Demos.Count);
    }

    [Fact]
    public void PrepareTeacher_DifferentStructure_Throws()
    {
        var student = PredictorProgram.Predict("question -> answer");
        var teacher = PredictorProgram.Predict("question -> answer", name: "other");
        Assert.Throws<ArgumentException>(() => new BootstrapFewShot().PrepareTeacher(student, teacher, TestData.Sums(2)));
    }
}
