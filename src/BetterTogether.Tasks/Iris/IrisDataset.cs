using System.Globalization;
using BetterTogether.Tasks.BringYourOwnData;
using BetterTogether.Tasks.Common;

namespace BetterTogether.Tasks.Iris;

/// <summary>
/// The UCI Iris data (150 rows, bundled) and the paper's 50/50/50 train/dev/test split.
/// </summary>
/// <remarks>
/// The paper states 50/50/50 but not how rows were assigned; DSPy-based Iris code shuffles with a fixed
/// seed. We use a seeded, stratified split so every set has all three species in near-equal shares
/// (17/17/16, 17/16/17, 16/17/17): each species' 50 rows are shuffled with the seed, the species are
/// interleaved row by row, the first 50 go to train, the next 50 to dev, the last 50 to test, and each set
/// is then shuffled with the seed.
/// </remarks>
public static class IrisDataset
{
    /// <summary>The default split seed.</summary>
    public const int DefaultSeed = 0;

    /// <summary>The number of rows per split.</summary>
    public const int SplitSize = 50;

    private const string ResourcePath = "Iris/iris.csv";

    /// <summary>The feature column names, in CSV order.</summary>
    public static IReadOnlyList<string> FeatureNames { get; } = ["sepal_length", "sepal_width", "petal_length", "petal_width"];

    /// <summary>The label column name.</summary>
    public const string LabelName = "species";

    /// <summary>The three species, alphabetically.</summary>
    public static IReadOnlyList<string> Species { get; } = ["setosa", "versicolor", "virginica"];

    /// <summary>Loads all 150 rows in file order.</summary>
    /// <exception cref="DataFormatException">The bundled file is corrupt.</exception>
    public static IReadOnlyList<IrisFlower> Load()
    {
        var name = BundledData.DisplayName(ResourcePath);
        using var reader = BundledData.OpenText(ResourcePath);
        var records = DataFileLoader.Load(reader, name, DataFileFormat.Csv, new ColumnSelection(FeatureNames, LabelName));
        var rows = new List<IrisFlower>(records.Count);
        foreach (var record in records)
        {
            var values = new double[FeatureNames.Count];
            for (var i = 0; i < values.Length; i++)
            {
                var text = record.Inputs[FeatureNames[i]];
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
                {
                    throw new DataFormatException(name, record.LineNumber, i + 1, $"'{text}' is not a number", FeatureNames[i]);
                }
            }

            if (!Species.Contains(record.Output))
            {
                throw new DataFormatException(name, record.LineNumber, FeatureNames.Count + 1, $"unknown species '{record.Output}'", LabelName);
            }

            rows.Add(new IrisFlower(rows.Count + 1, values[0], values[1], values[2], values[3], record.Output));
        }

        return rows;
    }

    /// <summary>The seeded, stratified 50/50/50 split (see remarks on <see cref="IrisDataset"/>).</summary>
    /// <param name="seed">The split seed; the same seed always gives the same split.</param>
    public static DatasetSplit<IrisFlower> Split(int seed = DefaultSeed)
    {
        var rows = Load();
        var random = new DeterministicRandom(StableHash.Seed(seed, "iris", "split"));
        var bySpecies = Species.Select(s => rows.Where(r => r.Species == s).ToList()).ToList();
        foreach (var group in bySpecies)
        {
            random.Shuffle(group);
        }

        var interleaved = new List<IrisFlower>(rows.Count);
        for (var i = 0; interleaved.Count < rows.Count; i++)
        {
            foreach (var group in bySpecies.Where(g => i < g.Count))
            {
                interleaved.Add(group[i]);
            }
        }

        var train = interleaved.GetRange(0, SplitSize);
        var dev = interleaved.GetRange(SplitSize, SplitSize);
        var test = interleaved.GetRange(2 * SplitSize, interleaved.Count - (2 * SplitSize));
        random.Shuffle(train);
        random.Shuffle(dev);
        random.Shuffle(test);
        return new DatasetSplit<IrisFlower>(train, dev, test);
    }
}
