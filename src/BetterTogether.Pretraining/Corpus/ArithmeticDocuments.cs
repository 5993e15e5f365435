using BetterTogether.Core.Examples;
using BetterTogether.Core.Predictors;
using BetterTogether.Pretraining.Programs;
using BetterTogether.Tasks.Arithmetic;

namespace BetterTogether.Pretraining.Corpus;

/// <summary>
/// Arithmetic documents: pretraining-partition word problems with 0..k demos, all in one <see cref="SolutionStyle"/>
/// (worked steps, or the answer alone).
/// </summary>
internal sealed class ArithmeticDocuments
{
    public const string PredictorName = "solve";
    private readonly IEnumerator<ArithmeticProblem> _problems;

    public ArithmeticDocuments(int seed) =>
        _problems = new WordProblemGenerator().Generate(Tasks.Generators.DataPartition.Pretraining, seed).GetEnumerator();

    public CorpusDocument Create(Random random, int maxDemos)
    {
        var signature = TaskSignatures.WithReasoning(TaskSignatures.Arithmetic);
        var demoCount = maxDemos == 0 || random.Next(4) == 0 ? 0 : 1 + random.Next(maxDemos);
        var style = SolutionStyles.Draw(random, demoCount);
        var demos = new List<Example>(demoCount);
        for (var i = 0; i < demoCount; i++)
        {
            var p = Next();
            demos.Add(Example.From(("question", p.Question), (ChainOfThought.ReasoningField, SolutionStyles.Reasoning(style, p.Reasoning, p.Answer)), ("answer", p.Answer)).WithInputs("question"));
        }

        var q = Next();
        return new CorpusDocument(
            TaskFamily.Arithmetic,
            PredictorName,
            ChatRendering.Conversation(
                signature,
                demos,
                new Dictionary<string, string> { ["question"] = q.Question },
                new Dictionary<string, string> { [ChainOfThought.ReasoningField] = SolutionStyles.Reasoning(style, q.Reasoning, q.Answer), ["answer"] = q.Answer }));
    }

    private ArithmeticProblem Next()
    {
        _problems.MoveNext();
        return _problems.Current;
    }
}
