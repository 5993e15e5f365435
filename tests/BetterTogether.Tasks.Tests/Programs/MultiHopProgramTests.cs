using BetterTogether.Core.Examples;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Core.Predictors;
using BetterTogether.Tasks.Generators;
using BetterTogether.Tasks.MultiHop;
using BetterTogether.Tasks.Programs;
using BetterTogether.Tasks.Retrieval;
using BetterTogether.Tasks.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace BetterTogether.Tasks.Tests.Programs;

public sealed class MultiHopProgramTests
{
    private static readonly TwoHopWorld World = TwoHopWorldGenerator.Generate(DataPartition.Pretraining, 11);

    [Fact]
    public void NamedPredictors_AreTwoQueryGeneratorsAndAnAnswerer_AllChainOfThought()
    {
        var program = new MultiHopProgram(new Bm25Retriever(World.Passages));

        var predictors = program.NamedPredictors();

        Assert.Equal(["generate_query_1", "generate_query_2", "generate_answer"], predictors.Select(p => p.Key));
        Assert.All(predictors, p => Assert.IsType<ChainOfThought>(p.Value));
        Assert.Equal("reasoning", predictors[0].Value.Signature.OutputFields[0].Name);
        Assert.Equal(["context", "question"], predictors[2].Value.Signature.InputFields.Select(f => f.Name));
    }

    [Fact]
    public void DeepCopy_KeepsPredictorNamesAndCopiesDemos()
    {
        var program = new MultiHopProgram(new Bm25Retriever(World.Passages));
        program.GetPredictor("generate_query_2").Demos = [Example.From(("question", "q"), ("search_query", "s"))];

        var copy = program.DeepCopy();
        copy.GetPredictor("generate_query_2").Demos = [];

        Assert.Equal(program.NamedPredictors().Select(p => p.Key), copy.NamedPredictors().Select(p => p.Key));
        Assert.Single(program.GetPredictor("generate_query_2").Demos);
    }

    [Fact]
    public void FormatContext_NumbersPassagesOrSaysNA()
    {
        Assert.Equal("N/A", MultiHopProgram.FormatContext([]));
        Assert.Equal(
            "[1] «A | one.»\n[2] «B | two.»",
            MultiHopProgram.FormatContext([new Passage("a", "A", "one."), new Passage("b", "B", "two.")]));
    }

    [Fact]
    public async Task ForwardAsync_HopQueriesRetrieveBothSupportingPassages_AndAnswerSeesThem()
    {
        var question = World.Questions.First(q => q.Kind == "film-director-birthplace");
        var client = new ScriptedChatClient(messages =>
        {
            var system = messages[0].Text;
            var user = messages[^1].Text;
            if (system.Contains("search_query", StringComparison.Ordinal))
            {
                var query = user.Contains("[[ ## context ## ]]\nN/A", StringComparison.Ordinal) ? question.FirstHopQuery : question.BridgeEntity;
                return ScriptedChatClient.Fields(("reasoning", "look it up"), ("search_query", query));
            }

            // The answerer can only answer when both hops brought the supporting passages into its context.
            var answer = user.Contains(question.Answer, StringComparison.Ordinal) && user.Contains(question.FirstHopQuery, StringComparison.Ordinal) ? question.Answer : "unknown";
            return ScriptedChatClient.Fields(("reasoning", "read the context"), ("answer", answer));
        });
        var program = new MultiHopProgram(new Bm25Retriever(World.Passages), passagesPerHop: 2, lm: new LanguageModel(client, "scripted"));

        var prediction = await program.ForwardAsync(Example.From(("question", question.Question)).WithInputs("question"));

        Assert.Equal(question.Answer, prediction["answer"]);
        Assert.Equal(question.FirstHopQuery, prediction["search_query_1"]);
        Assert.Equal(question.BridgeEntity, prediction["search_query_2"]);
        Assert.Contains($"«{question.SupportingPassageIds[0]} |", prediction["context"], StringComparison.Ordinal);
        Assert.Contains($"«{question.SupportingPassageIds[1]} |", prediction["context"], StringComparison.Ordinal);
        Assert.Equal(3, client.Requests.Count);
    }
}
