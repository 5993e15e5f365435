using BetterTogether.Core.Examples;
using BetterTogether.Core.Predictors;
using BetterTogether.Pretraining.Programs;

namespace BetterTogether.Pretraining.Corpus.Classification;

/// <summary>
/// Classification documents: each draws a fresh random rule (so the model must read the rule off the
/// demos rather than memorize one), then renders 0..k demos and a query through the ChatAdapter. The demos of one
/// document come from one source, as an optimizer's would (<see cref="DemoSource"/>): exact traces, a weaker model's
/// correct traces whose thresholds are off, or labeled items without reasoning. The query's reasoning always states
/// the rule's own thresholds, so where the demos' thresholds disagree the model learns to read the rule off the demos'
/// values and labels rather than copy a threshold.
/// </summary>
internal static class ClassificationDocuments
{
    public const string PredictorName = "classify";

    /// <summary>Probability that an exact or approximate trace demo lacks its reasoning (as DSPy's labeled demos that fill up a set).</summary>
    private const double IncompleteDemoRate = 0.25;

    /// <summary>Share of documents with demos whose demos are all labeled items (no reasoning).</summary>
    internal const double LabeledDocumentRate = 0.2;

    /// <summary>Share of documents with demos whose traces state moved thresholds (<see cref="ThresholdRule.ApproximateReasoning"/>).</summary>
    internal const double ApproximateDocumentRate = 0.3;

    public static CorpusDocument Create(Random random, int maxDemos)
    {
        var task = SyntheticClassifier.Draw(random);
        var signature = TaskSignatures.WithReasoning(TaskSignatures.Classification(task.Features.Select(f => f.Name).ToList(), task.LabelName, task.ListedLabels, task.Subject));
        var demoCount = DemoCount(random, maxDemos);
        var source = demoCount == 0 ? DemoSource.Exact : DrawSource(random);
        var demos = new List<Example>(demoCount);
        for (var i = 0; i < demoCount; i++)
        {
            var (inputs, outputs) = Item(random, task, source == DemoSource.Approximate);
            var fields = inputs.Concat(outputs);
            if (source == DemoSource.Labeled || random.NextDouble() < IncompleteDemoRate)
            {
                fields = fields.Where(kv => kv.Key != ChainOfThought.ReasoningField);
            }

            demos.Add(new Example(fields.ToList(), inputs.Keys));
        }

        var (queryInputs, queryOutputs) = Item(random, task, approximate: false);
        return new CorpusDocument(TaskFamily.Classification, PredictorName, ChatRendering.Conversation(signature, demos, queryInputs, queryOutputs));
    }

    internal static int DemoCount(Random random, int maxDemos) => maxDemos == 0 || random.Next(5) == 0 ? 0 : 1 + random.Next(maxDemos);

    internal static DemoSource DrawSource(Random random) => random.NextDouble() switch
    {
        < LabeledDocumentRate => DemoSource.Labeled,
        < LabeledDocumentRate + ApproximateDocumentRate => DemoSource.Approximate,
        _ => DemoSource.Exact,
    };

    private static (Dictionary<string, string> Inputs, Dictionary<string, string> Outputs) Item(Random random, SyntheticClassifier task, bool approximate)
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
            [ChainOfThought.ReasoningField] = approximate ? task.Rule.ApproximateReasoning(random, values, task.Labels) : task.Rule.Reasoning(values, task.Labels),
            [task.LabelName] = name,
        };
        return (inputs, outputs);
    }
}
