using BetterTogether.Core.Predictors;
using BetterTogether.Pretraining.Programs;
using BetterTogether.Tasks.MultiHop;
using BetterTogether.Tasks.Retrieval;

namespace BetterTogether.Pretraining.Corpus;

/// <summary>
/// The multi-hop program run with gold decisions over a world: the first query names the question's entity,
/// the second the bridge entity found in the first passage, and the answer reasons over both passages. Each
/// step is the inputs and outputs of one predictor call, as the program would trace it.
/// </summary>
internal static class MultiHopGoldTrace
{
    public const string QueryPredictor0 = "generate_query_0";
    public const string QueryPredictor1 = "generate_query_1";
    public const string AnswerPredictor = "generate_answer";

    public static IReadOnlyList<(string Predictor, Dictionary<string, string> Inputs, Dictionary<string, string> Outputs)> Steps(TwoHopQuestion question, Bm25Retriever retriever)
    {
        var steps = new List<(string, Dictionary<string, string>, Dictionary<string, string>)>();
        var first = question.FirstHopQuery;
        var bridge = question.BridgeEntity;
        IReadOnlyList<Passage> context = [];
        steps.Add(Step(QueryPredictor0, context, question.Question, $"The question is about {first}. I search for {first}.", "search_query", first));
        context = MultiHopContext.Merge(context, retriever.Search(first, MultiHopContext.PassagesPerHop).Select(s => s.Passage));
        var firstPassage = context.FirstOrDefault(p => p.Id == question.SupportingPassageIds[0]);
        var query2 = firstPassage is null ? first : bridge;
        var reasoning2 = firstPassage is null
            ? $"The context does not mention {first}. I search for {first}."
            : $"{firstPassage.Text} Next I search for {bridge}.";
        steps.Add(Step(QueryPredictor1, context, question.Question, reasoning2, "search_query", query2));
        context = MultiHopContext.Merge(context, retriever.Search(query2, MultiHopContext.PassagesPerHop).Select(s => s.Passage));
        var secondPassage = context.FirstOrDefault(p => p.Id == question.SupportingPassageIds[1]);
        if (firstPassage is not null && secondPassage is not null)
        {
            steps.Add(Step(AnswerPredictor, context, question.Question, $"{firstPassage.Text} {secondPassage.Text} So the answer is {question.Answer}.", "answer", question.Answer));
        }

        return steps;
    }

    private static (string, Dictionary<string, string>, Dictionary<string, string>) Step(string predictor, IReadOnlyList<Passage> context, string question, string reasoning, string outputName, string output) =>
        (predictor,
         new Dictionary<string, string>(StringComparer.Ordinal) { ["context"] = MultiHopContext.Format(context), ["question"] = question },
         new Dictionary<string, string>(StringComparer.Ordinal) { [ChainOfThought.ReasoningField] = reasoning, [outputName] = output });
}
