using BetterTogether.Tasks.Common;
using BetterTogether.Tasks.Generators;

namespace BetterTogether.Tasks.MultiHop;

/// <summary>
/// Invents unique entity names for a world, only from <see cref="DataPartition"/>'s half of the name space:
/// every name (and so every passage and question that names it) is on one side of the task/pretraining wall.
/// </summary>
internal sealed class WorldNames(DeterministicRandom random, DataPartition partition)
{
    private static readonly string[] Onsets = ["b", "br", "d", "dr", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "th", "v", "z", "c", "j", "w", "st", "gr", "el", "or", "an", "is"];
    private static readonly string[] Vowels = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou", "y"];
    private static readonly string[] Codas = ["", "", "n", "r", "l", "s", "th", "m", "x", "nd", "rk", "ll"];
    private static readonly string[] CitySuffixes = ["", "ford", "haven", "port", "dale", "mouth", "burg", "field", "wick"];
    private static readonly string[] CountrySuffixes = ["ia", "land", "ora", "istan", "ovia", "mark"];
    private static readonly string[] Adjectives = ["Silent", "Crimson", "Hidden", "Last", "Broken", "Golden", "Winter", "Distant", "Quiet", "Burning", "Paper", "Iron", "Velvet", "Hollow", "Bright", "Lost", "Northern", "Glass", "Wild", "Midnight"];
    private static readonly string[] Nouns = ["Harbor", "Garden", "River", "Mirror", "Lantern", "Orchard", "Bridge", "Tower", "Voyage", "Letter", "Island", "Compass", "Feather", "Meadow", "Signal", "Crown", "Valley", "Engine", "Shadow", "Song"];

    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public string Person() => Unique(() => $"{Word(2)} {Word(random.NextInclusive(2, 3))}");

    public string City() => Unique(() => Word(2) + random.Pick(CitySuffixes));

    public string Country() => Unique(() => Word(1) + random.Pick(CountrySuffixes));

    public string Title() => Unique(() => random.Next(3) switch
    {
        0 => $"The {random.Pick(Adjectives)} {random.Pick(Nouns)}",
        1 => $"The {random.Pick(Nouns)} of {Word(2)}",
        _ => $"{random.Pick(Adjectives)} {random.Pick(Nouns)} of {Word(2)}",
    });

    private string Word(int syllables)
    {
        var chars = new System.Text.StringBuilder();
        for (var i = 0; i < syllables; i++)
        {
            chars.Append(random.Pick(Onsets)).Append(random.Pick(Vowels));
        }

        chars.Append(random.Pick(Codas));
        chars[0] = char.ToUpperInvariant(chars[0]);
        return chars.ToString();
    }

    private string Unique(Func<string> draw)
    {
        while (true)
        {
            var name = draw();
            if (PartitionRule.Allows(partition, "entity:" + name) && _used.Add(name))
            {
                return name;
            }
        }
    }
}
