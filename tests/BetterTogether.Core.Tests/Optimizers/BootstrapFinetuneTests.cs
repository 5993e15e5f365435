using System.Globalization;
using BetterTogether.Core.Optimizers;
using BetterTogether.Core.Programs;
using BetterTogether.Core.Tests.TestSupport;

namespace BetterTogether.Core.Tests.Optimizers;

public sealed class BootstrapFinetuneTests
{
    private static int Left(ScriptedRequest r) => int.Parse(r.Field("question").Split('+')[0], CultureInfo.InvariantCulture);

    // left % 3 == 0: unparseable reply; == 1: wrong answer; == 2: right answer.
    private static ScriptedChatClient MixedClient() => new(r => (Left(r) % 3) switch
    {
        0 => "I think the answer is four",
        1 => Replies.Fields(("answer", "wrong")),
        _ => Replies.Fields(("answer", TestData.Solve(r.Field("question")))),
    });

    private static BootstrapFinetuneOptions Options(bool multitask = true) => new()
    {
        Metric = TestData.AnswerMatches,
        Multitask = multitask,
        PollInterval = TimeSpan.FromMilliseconds(1),
    };

    [Fact]
    public async Task CollectTracesAsync_MixedRuns_FlagsParseFailuresAndScores()
    {
        var program = PredictorProgram.Predict("question -> answer", TestData.Lm(MixedClient()));
        var finetune = new BootstrapFinetune(new InMemoryFineTuner(), Options());
        var traces = await finetune.CollectTracesAsync(program, TestData.Sums(6, offset: 3), indexOffset: 100);

        Assert.Equal([100, 101, 102, 103, 104, 105], traces.Select(t => t.ExampleIndex));
        Assert.Equal([true, false, false, true, false, false], traces.Select(t => t.ParseFailed));
        Assert.Equal([null, 0.0, 1.0, null, 0.0, 1.0], traces.Select(t => t.Score));
        Assert.Equal([false, false, true, false, false, true], traces.Select(BootstrapFinetune.IsKept));
        Assert.Empty(traces[0].Calls);
        Assert.Single(traces[2].Calls);
    }

    [Fact]
    public async Task BuildDatasets_FiltersParseAndMetricFailures_ShufflesWithSeed()
    {
        var program = PredictorProgram.Predict("question -> answer", TestData.Lm(MixedClient()));
        var finetune = new BootstrapFinetune(new InMemoryFineTuner(), Options());
        var traces = await finetune.CollectTracesAsync(program, TestData.Sums(9));
        var dataset = Assert.Single(finetune.BuildDatasets(program, traces));

        Assert.Equal("test-model", dataset.BaseModelId);
        Assert.Equal(["predict"], dataset.PredictorNames);

        // Kept runs are 2, 5, 8 (in that order); CPython Random(0).shuffle([0, 1, 2]) -> [0, 2, 1].
        Assert.Equal(["2+2", "8+8", "5+5"], dataset.Records.Select(r => ScriptedRequest.FieldIn(r.Messages[1].Content, "question")));
        Assert.All(dataset.Records, r => Assert.Equal(["system", "user", "assistant"], r.Messages.Select(m => m.Role)));
        Assert.Equal("[[ ## answer ## ]]\n4\n\n[[ ## completed ## ]]\n", dataset.Records[0].Messages[2].Content);
    }

    [Fact]
    public async Task BuildDatasets_PerPredictor_OneDatasetPerPredictorWithItsOwnCalls()
    {
        var client = new ScriptedChatClient(r => r.System.Contains("`answer2`", StringComparison.Ordinal)
            ? Replies.Fields(("answer2", "second"))
            : Replies.Fields(("answer", TestData.Solve(r.Field("question")))));
        var program = new LabeledFewShotTests.TwoStep();
        program.SetLm(TestData.Lm(client));
        var finetune = new BootstrapFinetune(new InMemoryFineTuner(), Options(multitask: false));
        var datasets = finetune.BuildDatasets(program, await finetune.CollectTracesAsync(program, TestData.Sums(4)));

        Assert.Equal([["first"], ["second"]], datasets.Select(d => d.PredictorNames));
        Assert.All(datasets, d => Assert.Equal(4, d.Records.Count));
        Assert.All(datasets[1].Records, r => Assert.Contains("second", r.Messages[^1].Content, StringComparison.Ordinal));

        var multitask = new BootstrapFinetune(new InMemoryFineTuner(), Options()).BuildDatasets(program, await finetune.CollectTracesAsync(program, TestData.Sums(4)));
        Assert.Equal(8, Assert.Single(multitask).Records.Count);
    }

    [Fact]
    public async Task CompileAsync_JobSucceeds_StudentCopyServesAdapter()
    {
        var tuner = new InMemoryFineTuner();
        var student = PredictorProgram.Predict("question -> answer", TestData.Lm(MixedClient()));
        var tuned = await new BootstrapFinetune(tuner, Options()).CompileAsync(student, TestData.Sums(9));

        var request = Assert.Single(tuner.Requests);
        Assert.Equal("test-model", request.BaseModel);
        Assert.Equal(3, request.Records.Count);
        Assert.StartsWith("bt-ft-", request.AdapterName, StringComparison.Ordinal);
        Assert.Equal(request.AdapterName, tuned.GetPredictor("predict").Lm!.Adapter!.Name);
        Assert.Null(student.Predictor.Lm!.Adapter);
        Assert.True(tuned.IsCompiled);
    }

    [Fact]
    public async Task CreateRequest_SameData_SameAdapterName()
    {
        var student = PredictorProgram.Predict("question -> answer", TestData.Lm(MixedClient()));
        var finetune = new BootstrapFinetune(new InMemoryFineTuner(), Options());
        var a = finetune.CreateRequest(finetune.BuildDatasets(student, await finetune.CollectTracesAsync(student, TestData.Sums(9)))[0]);
        var b = finetune.CreateRequest(finetune.BuildDatasets(student, await finetune.CollectTracesAsync(student, TestData.Sums(9)))[0]);
        var c = finetune.CreateRequest(finetune.BuildDatasets(student, await finetune.CollectTracesAsync(student, TestData.Sums(12)))[0]);
        Assert.Equal(a.AdapterName, b.AdapterName);
        Assert.NotEqual(a.AdapterName, c.AdapterName);
    }

    [Fact]
    public async Task CompileAsync_JobFails_ThrowsFineTuneFailed()
    {
        var student = PredictorProgram.Predict("question -> answer", TestData.Lm(MixedClient()));
        var error = await Assert.ThrowsAsync<FineTuneFailedException>(() => new BootstrapFinetune(new InMemoryFineTuner { FailJobs = true }, Options()).CompileAsync(student, TestData.Sums(9)));
        Assert.Contains("loss diverged", error.Message, StringComparison.Ordinal);
        Assert.Equal(Core.FineTuning.FineTuneJobState.Failed, error.Status!.State);
    }

    [Fact]
    public async Task BuildDatasets_NothingPasses_ThrowsSayingWhy()
    {
        var student = PredictorProgram.Predict("question -> answer", TestData.Lm(new ScriptedChatClient(_ => Replies.Fields(("answer", "wrong")))));
        var finetune = new BootstrapFinetune(new InMemoryFineTuner(), Options());
        var traces = await finetune.CollectTracesAsync(student, TestData.Sums(3));
        var error = Assert.Throws<NoFineTuningDataException>(() => finetune.BuildDatasets(student, traces));
        Assert.Equal(3, error.Traced);
        Assert.Equal(BetterTogetherStepPolicy.WeightStepSkipReason(3, 0), error.Message);
    }

    [Fact]
    public async Task CompileAsync_PredictorWithoutLm_Throws() =>
        await Assert.ThrowsAsync<InvalidOperationException>(() => new BootstrapFinetune(new InMemoryFineTuner(), Options()).CompileAsync(PredictorProgram.Predict("question -> answer"), TestData.Sums(3)));
}
