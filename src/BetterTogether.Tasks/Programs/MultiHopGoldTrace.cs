using BetterTogether.Tasks.MultiHop;
using BetterTogether.Tasks.Retrieval;

namespace BetterTogether.Tasks.Programs;

/// <summary>
/// Builds the trace a correct <see cref="MultiHopProgram"/> run would leave on a synthetic two-hop question: the
/// gold queries, the passages BM25 then returns (rendered as the program renders them), and the answer with
/// reasoning from the two facts. A pretraining corpus can render these steps with the ChatAdapter.
/// </summary>
public static class MultiHopGoldTrace
{
    /// <summary>The three gold steps, or null when BM25 does not bring both supporting passages with the gold queries.</summary>
    /// <param name="question">The question.</param>
    /// <param name="retriever">The world's retriever.</param>
    /// <param name="passagesPerHop">Passages per hop, as the program is configured (default 3).</param>
    public static IReadOnlyList<GoldStep>? Build(TwoHopQuestion question, Bm25Retriever retriever, int passagesPerHop = 3)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(retriever);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(passagesPerHop);
        var context = new List<Passage>();
        var steps = new List<GoldStep>();
        var hops = new[]
        {
            (Query: question.FirstHopQuery, Reasoning: $"To answer this, I first need to find {question.FirstHopQuery}."),
            (Query: question.BridgeEntity, Reasoning: $"{question.BridgeFact} Next, I need to find {question.BridgeEntity}."),
        };
        for (var hop = 0; hop < hops.Length; hop++)
        {
            steps.Add(Step(MultiHopProgram.QueryPredictorName(hop + 1), context, question.Question, ("reasoning", hops[hop].Reasoning), ("search_query", hops[hop].Query)));
            foreach (var hit in retriever.Search(hops[hop].Query, passagesPerHop))
            {
                if (!context.Any(p => p.Id == hit.Passage.Id))
                {
                    context.Add(hit.Passage);
                }
            }
        }

        if (!question.SupportingPassageIds.All(id => context.Any(p => p.Id == id)))
        {
            return null;
        }

        steps.Add(Step(MultiHopProgram.AnswerPredictorName, context, question.Question, ("reasoning", $"{question.BridgeFact} {question.AnswerFact}"), ("answer", question.Answer)));
        return steps;
    }

    private static GoldStep Step(string name, IReadOnlyList<Passage> context, string question, params (string Name, string Value)[] outputs) =>
        new(
            name,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["context"] = MultiHopProgram.FormatContext(context), ["question"] = question },
            outputs.ToDictionary(o => o.Name, o => o.Value, StringComparer.Ordinal));
}
