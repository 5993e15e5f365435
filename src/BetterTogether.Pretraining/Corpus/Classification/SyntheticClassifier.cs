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
    /// <summary>Probability that a flower's rule splits on a petal measurement when it has one.</summary>
    private const double PetalKeyRate = 0.7;

    public static SyntheticClassifier Draw(Random random)
    {
        var subject = ClassificationVocabulary.Pick(random, ClassificationVocabulary.Subjects);
        var flower = subject is "flower" or "plant";
        var featureCount = 2 + random.Next(3);
        var features = new List<FeatureSpec>();
        while (features.Count < featureCount)
        {
            var spec = flower ? DrawFlowerFeature(random) : DrawFeature(random);
            if (features.All(f => f.Name != spec.Name))
            {
                features.Add(spec);
            }
        }

        var labelCount = 2 + random.Next(3);
        List<string> labels;
        if (random.Next(3) != 0)
        {
            // Invented Latin names span several tokens; half the sets share a first syllable (as versicolor and
            // virginica share "v"), so the label has to be copied whole, not guessed from its first token.
            labels = [];
            var prefix = random.Next(2) == 0 ? ClassificationVocabulary.Syllable(random) : null;
            while (labels.Count < labelCount)
            {
                var name = ClassificationVocabulary.LatinName(random, labels.Count == 0 ? null : prefix);
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
        // World knowledge, as a pretrained LM has it: flowers are mostly told apart by their petals. The threshold
        // values stay random, so a model that knows which feature matters still has to read where the cuts are.
        var petals = features.Select((f, i) => (f, i)).Where(x => x.f.Name.StartsWith("petal_", StringComparison.Ordinal)).Select(x => x.i).ToList();
        var key = flower && petals.Count > 0 && random.NextDouble() < PetalKeyRate ? petals[random.Next(petals.Count)] : -1;
        var rule = new ThresholdRule(random, [.. features], labelCount, key);
        return new SyntheticClassifier(
            features,
            ClassificationVocabulary.Pick(random, ClassificationVocabulary.LabelNames),
            labels,
            listed,
            subject,
            rule);
    }

    /// <summary>
    /// A flower's measurement: a length or width of its sepals, petals, leaves or stem (petals twice as likely). Sepals
    /// and petals span the sizes a botany text gives in cm (petals about 1-7 long and 0.1-2.5 wide, sepals about 4-8
    /// long and 2-4.5 wide), world knowledge a pretrained LM has; leaves and stems span random ranges.
    /// </summary>
    private static FeatureSpec DrawFlowerFeature(Random random)
    {
        var part = ClassificationVocabulary.Pick(random, ClassificationVocabulary.FlowerParts);
        var length = random.Next(2) == 0;
        var name = $"{part}_{(length ? "length" : "width")}";
        return (part, length) switch
        {
            ("petal", true) => Spec(name, 0.8 + (random.NextDouble() * 0.8), 4.5 + (random.NextDouble() * 2)),
            ("petal", false) => Spec(name, 0.1 + (random.NextDouble() * 0.2), 1.8 + (random.NextDouble() * 0.8)),
            ("sepal", true) => Spec(name, 4.0 + random.NextDouble(), 2.8 + (random.NextDouble() * 1.2)),
            ("sepal", false) => Spec(name, 1.8 + (random.NextDouble() * 0.8), 1.6 + random.NextDouble()),
            (_, true) => Spec(name, 0.5 + (random.NextDouble() * 4), 2.5 + (random.NextDouble() * 3.5)),
            _ => Spec(name, 0.1 + (random.NextDouble() * 2.4), 1.0 + (random.NextDouble() * 2.5)),
        };
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
