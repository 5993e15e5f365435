using BetterTogether.Pretraining.Corpus.Classification;

namespace BetterTogether.Pretraining.Corpus;

/// <summary>
/// The bundled model's training corpus: ChatAdapter conversations of the three task families, drawn from the
/// generators' pretraining partitions (never Iris rows nor the tasks' train/dev/test items), mixed with short reading
/// drills that teach copying (bare drills open the corpus, a share is mixed in after them). Deterministic for a seed.
/// </summary>
public static class PretrainingCorpus
{
    /// <summary>Generates the documents, in training order.</summary>
    /// <param name="options">Size, mix and seed.</param>
    /// <returns>The documents.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The options are invalid.</exception>
    public static IReadOnlyList<CorpusDocument> Generate(CorpusOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var mix = new Random(options.Seed);
        var classification = new Random(unchecked((options.Seed * 31) + 1));
        var arithmeticRandom = new Random(unchecked((options.Seed * 31) + 2));
        var multiHopRandom = new Random(unchecked((options.Seed * 31) + 3));
        var readingRandom = new Random(unchecked((options.Seed * 31) + 4));
        var calculationRandom = new Random(unchecked((options.Seed * 31) + 5));
        var comparisonRandom = new Random(unchecked((options.Seed * 31) + 6));
        var arithmetic = new ArithmeticDocuments(options.Seed);
        var multiHop = new MultiHopDocuments(options.Seed);
        var documents = new List<CorpusDocument>(options.Documents);
        var bare = Math.Min(options.BareWarmupDocuments, options.Documents / 2);
        for (var i = 0; i < bare; i++)
        {
            documents.Add(ReadingDocuments.CreateBare(readingRandom));
        }

        for (var i = bare; i < options.Documents; i++)
        {
            var drill = mix.NextDouble();
            if (drill < options.ReadingShare)
            {
                documents.Add(ReadingDocuments.Create(readingRandom));
                continue;
            }

            if (drill < options.ReadingShare + options.CalculationShare)
            {
                documents.Add(CalculationDrills.Create(calculationRandom));
                continue;
            }

            if (drill < options.ReadingShare + options.CalculationShare + options.ComparisonShare)
            {
                documents.Add(ComparisonDrills.Create(comparisonRandom));
                continue;
            }

            var roll = mix.NextDouble();
            documents.Add(
                roll < options.ClassificationShare ? ClassificationDocuments.Create(classification, options.MaxClassificationDemos)
                : roll < options.ClassificationShare + options.ArithmeticShare ? arithmetic.Create(arithmeticRandom, options.MaxArithmeticDemos)
                : multiHop.Create(multiHopRandom, options.MaxMultiHopDemos));
        }

        return documents;
    }
}
