namespace BetterTogether.Pretraining.Corpus.Classification;

/// <summary>A randomly drawn classification task: schema, labels (in the order the instructions list them) and its rule.</summary>
internal sealed record SyntheticClassifier(
    IReadOnlyList<FeatureSpec> Features,
    string LabelName,
    IReadOnlyList<string> Labels,
    IReadOnlyList<string> ListedLabels,
    string Subject,
    ThresholdRule Rule)
{
    public static SyntheticClassifier Draw(Random random)
    {
        var featureCount = 2 + random.Next(3);
        var features = new List<FeatureSpec>();
        while (features.Count < featureCount)
        {
            var spec = DrawFeature(random);
            if (features.All(f => f.Name != spec.Name))
            {
                features.Add(spec);
            }
        }

        var labelCount = 2 + random.Next(3);
        List<string> labels;
        if (random.Next(3) == 0)
        {
            labels = [];
            while (labels.Count < labelCount)
            {
                var name = ClassificationVocabulary.LatinName(random);
                if (!labels.Contains(name))
                {
                    labels.Add(name);
                }
            }
        }
        else
        {
            labels = ClassificationVocabulary.Pick(random, ClassificationVocabulary.LabelSets).OrderBy(_ => random.Next()).Take(labelCount).ToList();
        }

        // Usually the instructions list labels from small to large values of the key feature (as Iris lists its species).
        var listed = random.Next(4) == 0 ? labels.OrderBy(_ => random.Next()).ToList() : labels;
        var rule = new ThresholdRule(random, [.. features], labelCount);
        return new SyntheticClassifier(
            features,
            ClassificationVocabulary.Pick(random, ClassificationVocabulary.LabelNames),
            labels,
            listed,
            ClassificationVocabulary.Pick(random, ClassificationVocabulary.Subjects),
            rule);
    }

    private static FeatureSpec DrawFeature(Random random)
    {
        if (random.Next(5) == 0)
        {
            var name = ClassificationVocabulary.Pick(random, ClassificationVocabulary.Standalone);
            var scale = random.Next(2) == 0 ? 10.0 : 100.0;
            var low = Math.Round(random.NextDouble() * 3 * scale);
            return new FeatureSpec(name, low, Math.Round(low + ((2 + (random.NextDouble() * 6)) * scale)), 0);
        }

        var part = ClassificationVocabulary.Pick(random, ClassificationVocabulary.Parts);
        var measure = ClassificationVocabulary.Pick(random, ClassificationVocabulary.Measures);
        var featureName = $"{part}_{measure}";
        return measure switch
        {
            "length" => Spec(featureName, 0.5 + (random.NextDouble() * 4), 2.5 + (random.NextDouble() * 3.5)),
            "width" => Spec(featureName, 0.1 + (random.NextDouble() * 2.4), 1.0 + (random.NextDouble() * 2.5)),
            _ => Spec(featureName, random.NextDouble() * 5, 2 + (random.NextDouble() * 8)),
        };
    }

    private static FeatureSpec Spec(string name, double low, double span)
    {
        var lo = Math.Round(low, 1);
        return new FeatureSpec(name, lo, Math.Round(lo + span, 1), 1);
    }
}
