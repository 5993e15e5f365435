using BetterTogether.Tasks.BringYourOwnData;
using BetterTogether.Tasks.MultiHop;
using BetterTogether.Tasks.Retrieval;

namespace BetterTogether.Tasks.Tests.MultiHop;

public sealed class HotpotQaDatasetTests
{
    private static readonly Lazy<MultiHopDataset<HotpotQuestion>> Sample = new(HotpotQaDataset.Load);

    [Fact]
    public void Load_BundledSample_Has300_300_500AndUnionCorpus()
    {
        var data = Sample.Value;

        Assert.Equal(300, data.Split.Train.Count);
        Assert.Equal(300, data.Split.Dev.Count);
        Assert.Equal(500, data.Split.Test.Count);
        Assert.Equal(1100, data.Split.All.Select(q => q.Id).Distinct().Count());
        Assert.Equal(10787, data.Corpus.Count);
        Assert.Equal(data.Corpus.Count, data.Corpus.Select(p => p.Id).Distinct().Count());
        var corpusIds = data.Corpus.Select(p => p.Id).ToHashSet();
        Assert.All(data.Split.All, q => Assert.All(q.Paragraphs, p => Assert.Contains(p.Id, corpusIds)));
    }

    [Fact]
    public void Load_FirstDevQuestion_HasSupportingTitlesInItsParagraphs()
    {
        var first = Sample.Value.Split.Dev[0];

        Assert.Equal("5a8ce55f554299441c6b9f62", first.Id);
        Assert.Equal("Tulsa", first.Answer);
        Assert.Equal("bridge", first.Type);
        Assert.Equal(["Tinted Windows (album)", "Tinted Windows (band)"], first.SupportingTitles);
        Assert.Equal(10, first.Paragraphs.Count);
        Assert.StartsWith("Act of Congress is a Birmingham, Alabama based singer-songwriter group. They play", first.Paragraphs[0].Text, StringComparison.Ordinal);
        Assert.All(Sample.Value.Split.All, q => Assert.All(q.SupportingTitles, t => Assert.Contains(q.Paragraphs, p => p.Title == t)));
    }

    [Fact]
    public void Bm25_OverHotpotCorpus_FindsAGoldParagraphForTheQuestion()
    {
        var data = Sample.Value;
        var retriever = new Bm25Retriever(data.Corpus);
        var first = data.Split.Dev[0];

        var hits = retriever.Search(first.Question, 5);

        Assert.Contains(hits, h => first.SupportingTitles.Contains(h.Passage.Title));
    }

    [Fact]
    public void Read_RecordWithoutContext_ThrowsWithLine()
    {
        var text = "{\"id\":\"1\",\"question\":\"q\",\"answer\":\"a\",\"type\":\"bridge\"}\n";

        var ex = Assert.Throws<DataFormatException>(() => HotpotQaDataset.Read(new StringReader(text), "hp.jsonl"));

        Assert.StartsWith("hp.jsonl:1:1: not a HotpotQA record", ex.Message, StringComparison.Ordinal);
    }
}
