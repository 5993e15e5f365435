using System.Globalization;
using BetterTogether.Tasks.Common;
using BetterTogether.Tasks.Generators;

namespace BetterTogether.Tasks.Classification;

/// <summary>
/// Generates many random feature-to-label classification tasks (random feature names, value ranges and
/// 2-4 labels), so a model pretrained on them learns to read the rule off in-context demos instead of
/// memorizing one. Feature and label names never include Iris's, so Iris rows cannot appear.
/// Deterministic for a seed; tasks of different <see cref="DataPartition"/>s never coincide.
/// </summary>
public sealed class SyntheticClassificationGenerator
{
    private const string Salt = "classification";
    private readonly SyntheticClassificationOptions _options;

    /// <summary>Creates a generator.</summary>
    /// <param name="options">Settings; defaults when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid.</exception>
    public SyntheticClassificationGenerator(SyntheticClassificationOptions? options = null)
    {
        _options = options ?? new SyntheticClassificationOptions();
        _options.Validate();
    }

    /// <summary>An endless stream of tasks from <paramref name="partition"/>.</summary>
    /// <param name="partition">Which side of the task/pretraining wall to draw from.</param>
    /// <param name="seed">The seed; equal seeds give equal streams.</param>
    public IEnumerable<SyntheticClassificationTask> Generate(DataPartition partition, int seed)
    {
        var random = new DeterministicRandom(StableHash.Seed(seed, Salt, partition.ToString()));
        var index = 0;
        while (true)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"cls-{partition.ToString().ToLowerInvariant()}-{seed}-{index}");
            var task = Draw(random, id);
            if (PartitionRule.Allows(partition, Canonical(task)))
            {
                index++;
                yield return task;
            }
        }
    }

    /// <summary>The first <paramref name="count"/> tasks of <see cref="Generate(DataPartition, int)"/>.</summary>
    public IReadOnlyList<SyntheticClassificationTask> Generate(DataPartition partition, int seed, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Generate(partition, seed).Take(count).ToList();
    }

    private static string Canonical(SyntheticClassificationTask task) =>
        string.Join('|', task.FeatureNames) + "->" + task.LabelName + ":" +
        string.Join(';', task.Examples.Select(e => string.Join(',', e.Values) + "=" + e.Label));

    private SyntheticClassificationTask Draw(DeterministicRandom random, string id)
    {
        var featureCount = random.NextInclusive(_options.MinFeatures, _options.MaxFeatures);
        var labelCount = random.NextInclusive(_options.MinLabels, _options.MaxLabels);
        var features = DrawFeatureNames(random, featureCount);
        var labels = random.Next(3) == 0
            ? Enumerable.Range(0, labelCount).Select(_ => ClassificationVocabulary.LatinName(random)).Distinct(StringComparer.Ordinal).ToList()
            : random.Sample(random.Pick(ClassificationVocabulary.LabelSets), labelCount);
        if (labels.Count < 2)
        {
            labels = random.Sample(ClassificationVocabulary.LabelSets[0], labelCount);
        }

        var labelName = random.Pick(ClassificationVocabulary.LabelNames);
        var kind = random.Next(2) == 0 ? ClassificationRuleKind.Clusters : ClassificationRuleKind.Thresholds;
        var rule = new FeatureRule(random, features.Count, labels.Count, kind);
        var examples = new List<ClassificationExample>(_options.ExamplesPerTask);
        for (var i = 0; i < _options.ExamplesPerTask; i++)
        {
            var (values, label) = rule.Sample(random);
            examples.Add(new ClassificationExample(values, labels[label]));
        }

        var subject = random.Pick(ClassificationVocabulary.Subjects);
        var article = "aeiou".Contains(subject[0], StringComparison.Ordinal) ? "an" : "a";
        var instruction = $"Given the {Join(features)} of {article} {subject}, predict its {labelName}: {string.Join(", ", labels)}.";
        return new SyntheticClassificationTask(id, instruction, features, labelName, labels, kind, examples);
    }

    private static List<string> DrawFeatureNames(DeterministicRandom random, int count)
    {
        var names = new List<string>(count);
        while (names.Count < count)
        {
            var name = random.Next(4) == 0
                ? random.Pick(ClassificationVocabulary.Standalone)
                : $"{random.Pick(ClassificationVocabulary.Parts)}_{random.Pick(ClassificationVocabulary.Measures)}";
            if (!names.Contains(name) && !ClassificationVocabulary.IsForbidden(name))
            {
                names.Add(name);
            }
        }

        return names;
    }

    private static string Join(IReadOnlyList<string> items) =>
        items.Count == 1 ? items[0] : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1];
}
