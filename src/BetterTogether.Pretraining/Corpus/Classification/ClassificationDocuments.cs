using BetterTogether.Core.Examples;
using BetterTogether.Core.Predictors;
using BetterTogether.Pretraining.Programs;

namespace BetterTogether.Pretraining.Corpus.Classification;

/// <summary>
/// Classification documents: each draws a fresh random rule (so the model must read the rule off the
/// demos rather than memorize one), then renders 0..k demos and a query through the ChatAdapter. A demo's reasoning
/// states the thresholds it walks; some demos, and some prompts' whole demo sets, carry only values and label.
/// </summary>
internal static class ClassificationDocuments
{
    public const string PredictorName = "classify";

    /// <summary>Probability that a demo lacks its reasoning (as DSPy's labeled, not bootstrapped, demos).</summary>
    private const double IncompleteDemoRate = 0.25;

    /// <summary>
    /// Probability that every demo of a prompt lacks its reasoning, as LabeledFewShot's demo sets do: the query's
    /// thresholds can then only be read off the demos' values and labels, not copied from their reasoning.
    /// </summary>
    internal const double LabeledSetRate = 0.3;

    public static CorpusDocument Create(Random random, int maxDemos)
    {
        var task = SyntheticClassifier.Draw(random);
        var signature = TaskSignatures.WithReasoning(TaskSignatures.Classification(task.Features.Select(f => f.Name).ToList(), task.LabelName, task.ListedLabels, task.Subject));
        var demoCount = DemoCount(random, maxDemos);
        var demos = new List<Example>(demoCount);
        var labeledSet = demoCount > 0 && random.NextDouble() < LabeledSetRate;
        for (var i = 0; i < demoCount; i++)
        {
            var (inputs, outputs) = Item(random, task);
            var fields = inputs.Concat(outputs);
            if (labeledSet || random.NextDouble() < IncompleteDemoRate)
            {
                fields = fields.Where(kv => kv.Key != ChainOfThought.ReasoningField);
            }

            demos.Add(new Example(fields.ToList(), inputs.Keys));
        }

        var (queryInputs, queryOutputs) = Item(random, task);
        return new CorpusDocument(TaskFamily.Classification, PredictorName, ChatRendering.Conversation(signature, demos, queryInputs, queryOutputs));
    }

    internal static int DemoCount(Random random, int maxDemos) => maxDemos == 0 || random.Next(5) == 0 ? 0 : 1 + random.Next(maxDemos);

    private static (Dictionary<string, string> Inputs, Dictionary<string, string> Outputs) Item(Random random, SyntheticClassifier task)
    {
        var (values, label) = task.Rule.Sample(random);
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var f = 0; f < values.Length; f++)
        {
            inputs[task.Features[f].Name] = task.Features[f].Format(values[f]);
        }

        var name = task.Labels[label];
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ChainOfThought.ReasoningField] = task.Rule.Reasoning(values, task.Labels),
            [task.LabelName] = name,
        };
        return (inputs, outputs);
    }
}
