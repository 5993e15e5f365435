using BetterTogether.Core.Examples;
using BetterTogether.Core.Predictors;
using BetterTogether.Core.Signatures;
using BetterTogether.Pretraining.Programs;
using BetterTogether.Tasks.Generators;
using BetterTogether.Tasks.MultiHop;
using BetterTogether.Tasks.Retrieval;

namespace BetterTogether.Pretraining.Corpus;

/// <summary>
/// Multi-hop documents: pretraining-partition worlds (entity names disjoint from the task world), BM25 over
/// each world's passages, and one predictor call of the gold program per question with 0..k demos of the
/// same predictor from other questions of the world. An answer call's demos and reply share one
/// <see cref="SolutionStyle"/>: the two passages then the answer, or the answer alone. A second-query call's demos
/// and reply share one <see cref="SecondQueryStyle"/>: the bridge entity, or the question again. The second-query
/// style is drawn from its own random stream, so the other documents are the same as without it.
/// </summary>
internal sealed class MultiHopDocuments(int seed)
{
    private readonly Queue<(string Predictor, Dictionary<string, string> Inputs, Dictionary<string, string> Outputs, List<Example> Pool)> _pending = new();
    private readonly Random _queryStyleRandom = new(unchecked((seed * 7919) + 104729));
    private int _world;

    public static Signature SignatureOf(string predictor) =>
        TaskSignatures.WithReasoning(predictor == MultiHopGoldTrace.AnswerPredictor ? TaskSignatures.GenerateAnswer : TaskSignatures.GenerateQuery);

    public CorpusDocument Create(Random random, int maxDemos)
    {
        while (_pending.Count == 0)
        {
            FillFromNextWorld(random);
        }

        var (predictor, inputs, outputs, pool) = _pending.Dequeue();
        var demoCount = maxDemos == 0 || random.Next(3) == 0 ? 0 : 1 + random.Next(maxDemos);
        var demos = pool.OrderBy(_ => random.Next()).Where(d => d["question"] != inputs["question"]).Take(demoCount).ToList();
        if (predictor == MultiHopGoldTrace.AnswerPredictor && SolutionStyles.Draw(random, demos.Count) == SolutionStyle.Direct)
        {
            demos = demos.Select(d => d.With(ChainOfThought.ReasoningField, SolutionStyles.Reasoning(SolutionStyle.Direct, d[ChainOfThought.ReasoningField], d["answer"]))).ToList();
            outputs = new Dictionary<string, string>(outputs, StringComparer.Ordinal)
            {
                [ChainOfThought.ReasoningField] = SolutionStyles.Reasoning(SolutionStyle.Direct, outputs[ChainOfThought.ReasoningField], outputs["answer"]),
            };
        }

        if (predictor == MultiHopGoldTrace.QueryPredictor1 && SecondQueryStyles.Draw(_queryStyleRandom, demos.Count) == SecondQueryStyle.Question)
        {
            demos = demos.Select(d => d.With(ChainOfThought.ReasoningField, SecondQueryStyles.QuestionReasoning).With("search_query", d["question"])).ToList();
            outputs = new Dictionary<string, string>(outputs, StringComparer.Ordinal)
            {
                [ChainOfThought.ReasoningField] = SecondQueryStyles.QuestionReasoning,
                ["search_query"] = inputs["question"],
            };
        }

        var signature = SignatureOf(predictor);
        return new CorpusDocument(TaskFamily.MultiHop, predictor, ChatRendering.Conversation(signature, demos, inputs, outputs));
    }

    private void FillFromNextWorld(Random random)
    {
        var world = TwoHopWorldGenerator.Generate(DataPartition.Pretraining, unchecked((seed * 7919) + _world++));
        var retriever = new Bm25Retriever(world.Passages);
        var steps = world.Questions.SelectMany(q => MultiHopGoldTrace.Steps(q, retriever)).ToList();
        var pools = steps.GroupBy(s => s.Predictor).ToDictionary(
            g => g.Key,
            g => g.Select(s => new Example(s.Inputs.Concat(s.Outputs).ToList(), s.Inputs.Keys)).ToList());

        // One call per question, answer steps twice as often as each query step.
        foreach (var question in world.Questions.OrderBy(_ => random.Next()))
        {
            var questionSteps = steps.Where(s => s.Inputs["question"] == question.Question).ToList();
            var pick = random.Next(4);
            var step = questionSteps[Math.Min(pick < 2 ? questionSteps.Count - 1 : pick - 2, questionSteps.Count - 1)];
            _pending.Enqueue((step.Predictor, step.Inputs, step.Outputs, pools[step.Predictor]));
        }
    }
}
