using BetterTogether.Core.Randomness;
using BetterTogether.Pretraining.Corpus;
using BetterTogether.Pretraining.Evaluation;
using BetterTogether.Pretraining.Programs;
using BetterTogether.Tasks.MultiHop;
using BetterTogether.Tasks.Retrieval;

namespace BetterTogether.Pretraining.Tests.Evaluation;

public sealed class GateTaskTests
{
    [Fact]
    public void LabeledDemos_Seeded_SameSeedSameSetOtherSeedOtherSet()
    {
        var iris = new IrisGateTask();
        string Key(int? seed) => string.Join(" | ", iris.LabeledDemos(3, seed)[IrisGateTask.PredictorName].Select(d => string.Join(",", d.Values)));

        Assert.Equal(Key(5), Key(5));
        Assert.NotEqual(Key(5), Key(6));
        Assert.NotEqual(Key(5), Key(null));
        Assert.Equal(Key(null), Key(null));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(17)]
    public void LabeledDemos_QuestionAndAnswerOnly_DistinctTrainItems(int? seed)
    {
        var arithmetic = new ArithmeticGateTask(20, 5);
        var demos = arithmetic.LabeledDemos(4, seed)[ArithmeticGateTask.PredictorName];

        Assert.Equal(4, demos.Count);
        Assert.All(demos, d => Assert.Equal(["answer", "question"], d.Keys.Order(StringComparer.Ordinal)));
        Assert.All(demos, d => Assert.Equal(["question"], d.InputKeys));
        Assert.Equal(4, demos.Select(d => d["question"]).Distinct().Count());
    }

    [Fact]
    public void LabeledDemos_Seeded_DrawsAsPythonRandomSample()
    {
        var arithmetic = new ArithmeticGateTask(20, 5);
        var train = arithmetic.LabeledDemos(20)[ArithmeticGateTask.PredictorName];

        var drawn = arithmetic.LabeledDemos(4, 17)[ArithmeticGateTask.PredictorName];

        Assert.Equal(new PythonRandom(17).Sample(train, 4).Select(d => d["question"]), drawn.Select(d => d["question"]));
    }

    [Fact]
    public void LabeledDemos_MoreThanTrainItems_GivesEveryItemOnce()
    {
        var arithmetic = new ArithmeticGateTask(5, 5);

        var drawn = arithmetic.LabeledDemos(8, 3)[ArithmeticGateTask.PredictorName];

        Assert.Equal(5, drawn.Select(d => d["question"]).Distinct().Count());
    }

    [Fact]
    public void LabeledDemos_MultiHop_AnswerGeneratorRendersThemWithoutContext_QueryGeneratorsDropThem()
    {
        var multiHop = new MultiHopGateTask(10, 5);
        var demos = multiHop.LabeledDemos(2, 4);
        var inputs = new Dictionary<string, string> { ["context"] = "N/A", ["question"] = "Where was the author born?" };

        Assert.Equal(["generate_answer", "generate_query_0", "generate_query_1"], demos.Keys.Order(StringComparer.Ordinal));
        Assert.All(demos.Values, d => Assert.Same(demos["generate_answer"], d));
        Assert.All(demos["generate_answer"], d => Assert.Equal(["answer", "question"], d.Keys.Order(StringComparer.Ordinal)));
        var answerTurns = ChatRendering.Request(TaskSignatures.WithReasoning(TaskSignatures.GenerateAnswer), demos["generate_answer"], inputs);
        var queryTurns = ChatRendering.Request(TaskSignatures.WithReasoning(TaskSignatures.GenerateQuery), demos["generate_query_0"], inputs);
        Assert.Equal(1 + (2 * 2) + 1, answerTurns.Count);
        Assert.StartsWith("This is an example of the task, though some input or output fields are not supplied.", answerTurns[1].Content, StringComparison.Ordinal);
        Assert.Contains(demos["generate_answer"][0]["question"], answerTurns[1].Content, StringComparison.Ordinal);
        Assert.DoesNotContain("[[ ## context ## ]]", answerTurns[1].Content, StringComparison.Ordinal);
        Assert.Contains("Not supplied for this particular example.", answerTurns[2].Content, StringComparison.Ordinal);
        Assert.Contains(demos["generate_answer"][0]["answer"], answerTurns[2].Content, StringComparison.Ordinal);
        Assert.Equal(2, queryTurns.Count);
    }

    [Fact]
    public void MissOf_MultiHop_NamesTheHopOrTheAnswer()
    {
        var data = TwoHopWorldGenerator.CreateTaskDataset(60, 0, 5);
        var question = data.Split.Train.First(q => q.Kind == "film-director-birthplace");
        var year = data.Split.Train.First(q => q.Kind == "film-director-birthyear");
        Passage P(string id) => data.Corpus.Single(p => p.Id == id);
        var other = data.Corpus.First(p => !question.SupportingPassageIds.Contains(p.Id));
        IReadOnlyList<Passage> both = [other, P(question.SupportingPassageIds[0]), P(question.SupportingPassageIds[1])];

        Assert.Equal(MultiHopMisses.Unparsed, MultiHopGateTask.MissOf(question, both, null));
        Assert.Equal(MultiHopMisses.FirstPassage, MultiHopGateTask.MissOf(question, [other, P(question.SupportingPassageIds[1])], question.Answer));
        Assert.Equal(MultiHopMisses.SecondPassage, MultiHopGateTask.MissOf(question, [P(question.SupportingPassageIds[0]), other], question.Answer));
        Assert.Equal(MultiHopMisses.WrongKind, MultiHopGateTask.MissOf(question, both, "1945"));
        Assert.Equal(MultiHopMisses.WrongAnswer, MultiHopGateTask.MissOf(question, both, "Nowhereford"));
        IReadOnlyList<Passage> yearBoth = [P(year.SupportingPassageIds[0]), P(year.SupportingPassageIds[1])];
        Assert.Equal(MultiHopMisses.WrongKind, MultiHopGateTask.MissOf(year, yearBoth, question.Answer));
        Assert.Equal(MultiHopMisses.WrongAnswer, MultiHopGateTask.MissOf(year, yearBoth, " 1 "));
    }

    [Fact]
    public void MissCounts_MostFrequentFirst_EmptyWhenNoneTold()
    {
        var counts = new MissCounts();
        Assert.Equal(string.Empty, counts.ToString());

        foreach (var miss in new[] { "b reason", null, "a reason", "b reason", "c reason", "a reason", "b reason" })
        {
            counts.Add(miss);
        }

        Assert.Equal(3, counts["b reason"]);
        Assert.Equal(0, counts["never"]);
        Assert.Equal("; misses: 3 b reason, 2 a reason, 1 c reason", counts.ToString());
    }

    [Fact]
    public void DroppedDemos_Add_CountsCallsDemosAndOffered()
    {
        var signature = TaskSignatures.WithReasoning(TaskSignatures.GenerateQuery);
        var inputs = new Dictionary<string, string> { ["question"] = "q" };
        var demo = Core.Examples.Example.From(("question", "q0"), ("search_query", "s")).WithInputs("question");
        var demos = new Dictionary<string, IReadOnlyList<Core.Examples.Example>> { ["a"] = [demo, demo, demo], ["b"] = [demo] };
        PredictorCall Call(string predictor, int dropped) => new(predictor, signature, inputs, null, dropped);

        var sum = default(DroppedDemos).Add([Call("a", 2), Call("b", 0), Call("c", 0)], demos).Add([Call("a", 0), Call("b", 1)], demos);

        Assert.Equal(new DroppedDemos(2, 3, 8), sum);
    }
}
