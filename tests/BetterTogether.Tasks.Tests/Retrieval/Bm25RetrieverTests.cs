using BetterTogether.Tasks.Retrieval;

namespace BetterTogether.Tasks.Tests.Retrieval;

public sealed class Bm25RetrieverTests
{
    // Three passages, titles not indexed, stopwords kept, so the arithmetic below is easy to follow.
    private static readonly Passage[] Corpus =
    [
        new("p0", "P0", "cat cat dog"),
        new("p1", "P1", "dog bird"),
        new("p2", "P2", "fish"),
    ];

    private static readonly Bm25Options Plain = new() { IndexTitles = false, RemoveStopwords = false };

    [Fact]
    public void Search_SmallCorpus_MatchesHandComputedScores()
    {
        var retriever = new Bm25Retriever(Corpus, Plain);

        // N = 3, lengths 3, 2, 1, avgdl = 2, k1 = 1.2, b = 0.75.
        // idf(cat) = ln(1 + (3 - 1 + 0.5) / (1 + 0.5)) = ln(8/3); idf(dog) = ln(1 + 1.5 / 2.5) = ln(1.6).
        // p0: norm = 1.2 * (0.25 + 0.75 * 3/2) = 1.65; cat: ln(8/3) * 2 * 2.2 / 3.65; dog: ln(1.6) * 2.2 / 2.65.
        // p1: norm = 1.2 * (0.25 + 0.75 * 2/2) = 1.2; dog: ln(1.6) * 2.2 / (1 + 1.2) = ln(1.6).
        var expectedP0 = (Math.Log(8.0 / 3.0) * 4.4 / 3.65) + (Math.Log(1.6) * 2.2 / 2.65);
        var expectedP1 = Math.Log(1.6);

        var results = retriever.Search("cat dog", 5);

        Assert.Equal(["p0", "p1"], results.Select(r => r.Passage.Id));
        Assert.Equal(expectedP0, results[0].Score, 12);
        Assert.Equal(expectedP1, results[1].Score, 12);
        Assert.Equal(Math.Log(8.0 / 3.0), retriever.InverseDocumentFrequency("cat"), 12);
    }

    [Fact]
    public void Search_TopK_TruncatesAndTiesKeepCorpusOrder()
    {
        var corpus = new[] { new Passage("a", "A", "red apple"), new Passage("b", "B", "red apple"), new Passage("c", "C", "red apple") };
        var retriever = new Bm25Retriever(corpus, Plain);

        var results = retriever.Search("apple", 2);

        Assert.Equal(["a", "b"], results.Select(r => r.Passage.Id));
        Assert.Equal(results[0].Score, results[1].Score);
    }

    [Fact]
    public void Search_NoMatchingTerm_ReturnsEmpty()
    {
        Assert.Empty(new Bm25Retriever(Corpus, Plain).Search("zebra", 3));
    }

    [Fact]
    public void Search_WithTitlesAndStopwords_FindsByTitleAndIgnoresStopwords()
    {
        var corpus = new[] { new Passage("x", "Velmar Quen", "is a painter."), new Passage("y", "Other", "the the the of of a painter") };
        var retriever = new Bm25Retriever(corpus);

        var results = retriever.Search("Who is Velmar Quen?", 1);

        Assert.Equal("x", results.Single().Passage.Id);
        Assert.Empty(retriever.Search("the of a", 3));
    }

    [Fact]
    public void Tokenize_LowercasesAndSplitsOnNonAlphanumerics()
    {
        Assert.Equal(["hello", "world", "42", "café"], TextTokenizer.Tokenize("Hello, WORLD! 42-Café", removeStopwords: false));
        Assert.Equal(["cat", "mat"], TextTokenizer.Tokenize("The cat is on the mat", removeStopwords: true));
    }

    [Fact]
    public void Options_Invalid_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Bm25Retriever(Corpus, new Bm25Options { B = 1.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Bm25Retriever(Corpus, new Bm25Options { K1 = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Bm25Retriever(Corpus).Search("cat", 0));
    }
}
