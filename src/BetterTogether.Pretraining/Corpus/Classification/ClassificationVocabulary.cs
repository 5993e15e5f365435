namespace BetterTogether.Pretraining.Corpus.Classification;

/// <summary>
/// Names for synthetic classification tasks. Feature names include Iris-style measurements (sepal/petal
/// lengths and widths) so the format is familiar, but labels never include Iris species.
/// </summary>
internal static class ClassificationVocabulary
{
    public static IReadOnlyList<string> Parts { get; } =
        ["sepal", "petal", "leaf", "stem", "wing", "shell", "fin", "cap", "root", "seed", "tail", "beak", "horn", "claw", "fruit", "pod", "crest", "spine"];

    /// <summary>The parts a flower is measured by; petals twice, since flowers are mostly told apart by them.</summary>
    public static IReadOnlyList<string> FlowerParts { get; } = ["sepal", "petal", "petal", "leaf", "stem"];

    public static IReadOnlyList<string> Measures { get; } = ["length", "width", "length", "width", "height", "depth", "thickness", "diameter"];

    public static IReadOnlyList<string> Standalone { get; } = ["temperature", "humidity", "age", "price", "speed", "pressure", "acidity", "altitude", "rainfall", "brightness"];

    public static IReadOnlyList<string> LabelNames { get; } = ["species", "species", "label", "category", "class", "type", "grade", "kind"];

    public static IReadOnlyList<string> Subjects { get; } = ["flower", "flower", "plant", "specimen", "sample", "leaf", "animal", "shell", "reading", "fish", "bird", "item"];

    public static IReadOnlyList<IReadOnlyList<string>> LabelSets { get; } =
    [
        ["alpha", "beta", "gamma", "delta"],
        ["low", "medium", "high", "extreme"],
        ["red", "green", "blue", "amber"],
        ["north", "south", "east", "west"],
        ["oak", "pine", "birch", "maple"],
        ["small", "large", "tiny", "giant"],
    ];

    public static IReadOnlyList<string> ForbiddenLabels { get; } = ["setosa", "versicolor", "virginica"];

    private static readonly string[] Onsets = ["fl", "v", "m", "c", "t", "r", "l", "gr", "br", "n", "s", "d", "p", "st"];
    private static readonly string[] Vowels = ["a", "e", "i", "o", "u"];
    private static readonly string[] Codas = ["", "", "", "r", "s", "l", "n", "x", "m", "c"];
    private static readonly string[] Endings = ["a", "is", "us", "ora", "ensis", "ata", "ica", "osa", "ina", "or", "um", "er", "ix", "on", "ens", "ax", "ol", "ia", "ea", "es"];

    /// <summary>
    /// An invented Latin-like species name (never an Iris species): a first syllable, one to three more (some closed
    /// by a consonant) and an ending. Names vary in length and shape, so a model copies a label to its end instead of
    /// guessing where it ends from a template.
    /// </summary>
    /// <param name="random">Draws the syllables.</param>
    /// <param name="prefix">A first syllable to start with, or null to draw one.</param>
    public static string LatinName(Random random, string? prefix = null)
    {
        while (true)
        {
            var name = new System.Text.StringBuilder(prefix ?? Syllable(random));
            var middle = 1 + random.Next(3);
            for (var i = 0; i < middle; i++)
            {
                name.Append(Pick(random, Codas)).Append(Pick(random, Onsets)).Append(Pick(random, Vowels));
            }

            var text = name.Append(Pick(random, Endings)).ToString();
            if (!ForbiddenLabels.Contains(text))
            {
                return text;
            }
        }
    }

    /// <summary>A first syllable of an invented name (an onset and a vowel).</summary>
    public static string Syllable(Random random) => Pick(random, Onsets) + Pick(random, Vowels);

    public static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
