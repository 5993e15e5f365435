using System.Text;
using BetterTogether.Engine.ChatTemplates;

namespace BetterTogether.Pretraining.Corpus.Classification;

/// <summary>
/// Short comparison drills (no system prompt): a one-feature threshold rule stated label by label
/// (<c>alpha ends at 2.5, beta ends at 4.8, gamma is above</c>), then values to classify, answered one line each in
/// the classifier's reasoning phrase (<c>petal_length is 4.0; alpha ends at 2.5, 4.0 is above; beta ends at 4.8,
/// 4.0 is below, so beta.</c>). Half the values sit a few steps from a threshold. Classification documents leave
/// the thresholds to be read off demos, so the model rarely sees a value placed against known cuts; without this
/// skill it copies the demos' thresholds but places the value on the wrong side of them.
/// </summary>
internal static class ComparisonDrills
{
    public const string PredictorName = "compare";

    public static CorpusDocument Create(Random random)
    {
        SyntheticClassifier task;
        do
        {
            task = SyntheticClassifier.Draw(random);
        }
        while (task.Rule.TwoFeatures);

        var rule = task.Rule;
        var key = task.Features[rule.KeyIndex];
        var request = new StringBuilder($"Classify by {key.Name}: {rule.Describe(task.Labels)}.");
        var reply = new StringBuilder();
        var count = 4 + random.Next(5);
        for (var i = 0; i < count; i++)
        {
            var (values, label) = rule.Sample(random);
            if (random.Next(2) == 0)
            {
                (values, label) = rule.NearThreshold(random, values);
            }

            if (label < 0)
            {
                continue;
            }

            request.Append('\n').Append(key.Format(values[rule.KeyIndex]));
            reply.Append(reply.Length == 0 ? string.Empty : "\n").Append(rule.Reasoning(values, task.Labels));
        }

        return new CorpusDocument(TaskFamily.Comparison, PredictorName, [new ChatTurn("user", request.ToString()), new ChatTurn(ChatTurn.AssistantRole, reply.ToString())]);
    }
}
