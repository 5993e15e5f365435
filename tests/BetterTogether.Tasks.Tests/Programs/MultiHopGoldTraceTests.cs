using BetterTogether.Tasks.Generators;
using BetterTogether.Tasks.MultiHop;
using BetterTogether.Tasks.Programs;
using BetterTogether.Tasks.Retrieval;

namespace BetterTogether.Tasks.Tests.Programs;

public sealed class MultiHopGoldTraceTests
{
    [Fact]
    public void Build_TwoHopQuestion_GivesThreeStepsWhoseFieldsMatchTheSignatures()
    {
        var world = TwoHopWorldGenerator.Generate(DataPartition.Pretraining, 3);
        var retriever = new Bm25Retriever(world.Passages);
        var question = world.Questions[0];

        var steps = MultiHopGoldTrace.Build(question, retriever);

        Assert.NotNull(steps);
        Assert.Equal(["generate_query_1", "generate_query_2", "generate_answer"], steps.Select(s => s.PredictorName));
        Assert.Equal("N/A", steps[0].Inputs["context"]);
        Assert.Equal(question.FirstHopQuery, steps[0].Outputs["search_query"]);
        Assert.Equal(question.BridgeEntity, steps[1].Outputs["search_query"]);
        Assert.Contains(question.BridgeEntity, steps[1].Inputs["context"], StringComparison.Ordinal);
        Assert.Contains(question.Answer, steps[2].Inputs["context"], StringComparison.Ordinal);
        Assert.Equal(question.Answer, steps[2].Outputs["answer"]);
        Assert.Equal(MultiHopProgram.QuerySignature.OutputFields.Select(f => f.Name).Prepend("reasoning"), steps[0].Outputs.Keys);
        Assert.Equal(MultiHopProgram.AnswerSignature.InputFields.Select(f => f.Name), steps[2].Inputs.Keys);
    }

    [Fact]
    public void Build_MostQuestionsOfAWorld_HaveAGoldTrace()
    {
        var world = TwoHopWorldGenerator.Generate(DataPartition.Pretraining, 4);
        var retriever = new Bm25Retriever(world.Passages);

        var built = world.Questions.Count(q => MultiHopGoldTrace.Build(q, retriever) is not null);

        Assert.True(built >= world.Questions.Count * 0.95, $"{built}/{world.Questions.Count}");
    }
}
