using BetterTogether.Tasks.Common;

namespace BetterTogether.Tasks.Classification;

/// <summary>
/// Name pools for synthetic classification. They never contain Iris's feature names or species, so no
/// synthetic example can be an Iris row.
/// </summary>
internal static class ClassificationVocabulary
{
    public static IReadOnlyList<string> Parts { get; } =
        ["leaf", "stem", "wing", "shell", "fin", "cap", "root", "seed", "tail", "beak", "horn", "bark", "claw", "fruit", "pod", "crest", "spine", "scale"];

    public static IReadOnlyList<string> Measures { get; } = ["length", "width", "height", "weight", "depth", "span", "thickness", "diameter"];

    public static IReadOnlyList<string> Standalone { get; } = ["temperature", "humidity", "age", "price", "speed", "pressure", "acidity", "altitude", "rainfall", "brightness"];

    public static IReadOnlyList<string> LabelNames { get; } = ["label", "category", "class", "species", "type", "grade", "kind"];

    public static IReadOnlyList<IReadOnlyList<string>> LabelSets { get; } =
    [
        ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"],
        ["low", "medium", "high", "extreme", "minimal", "peak"],
        ["red", "green", "blue", "amber", "violet", "white"],
        ["north", "south", "east", "west", "central", "coastal"],
        ["oak", "pine", "birch", "maple", "cedar", "willow"],
        ["small", "large", "tiny", "giant", "compact", "wide"],
    ];

    public static IReadOnlyList<string> Subjects { get; } = ["specimen", "sample", "plant", "animal", "reading", "item", "flower", "shell"];

    private static readonly string[] LatinOnsets = ["fl", "v", "m", "c", "t", "r", "l", "gr", "br", "n", "s", "d"];
    private static readonly string[] LatinVowels = ["a", "e", "i", "o", "u"];
    private static readonly string[] LatinEndings = ["a", "is", "us", "ora", "ensis", "ata", "ica"];
    private static readonly HashSet<string> Forbidden = ["setosa", "versicolor", "virginica", "sepal_length", "sepal_width", "petal_length", "petal_width"];

    public static bool IsForbidden(string name) => Forbidden.Contains(name);

    /// <summary>An invented Latin-like species name, as Iris's labels look (never an Iris species).</summary>
    public static string LatinName(DeterministicRandom random)
    {
        while (true)
        {
            var name = random.Pick(LatinOnsets) + random.Pick(LatinVowels) + random.Pick(LatinOnsets) + random.Pick(LatinVowels) + random.Pick(LatinEndings);
            if (!IsForbidden(name))
            {
                return name;
            }
        }
    }
}
