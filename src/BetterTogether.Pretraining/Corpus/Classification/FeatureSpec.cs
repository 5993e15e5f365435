using System.Globalization;

namespace BetterTogether.Pretraining.Corpus.Classification;

/// <summary>A feature of a synthetic classification task: its name and value range.</summary>
internal sealed record FeatureSpec(string Name, double Low, double High, int Decimals)
{
    public string Format(double value) =>
        Math.Round(value, Decimals).ToString(Decimals == 0 ? "0" : "0.0", CultureInfo.InvariantCulture);

    public double Sample(Random random) => Math.Round(Low + (random.NextDouble() * (High - Low)), Decimals);
}
