using BetterTogether.Tasks.Arithmetic;
using BetterTogether.Tasks.BringYourOwnData;

namespace BetterTogether.Tasks.Tests.Arithmetic;

public sealed class Gsm8kDatasetTests
{
    [Fact]
    public void Load_BundledSubset_HasDocumentedSizesAndFirstItem()
    {
        var split = Gsm8kDataset.Load();

        Assert.Equal(200, split.Train.Count);
        Assert.Equal(200, split.Dev.Count);
        Assert.Equal(300, split.Test.Count);
        var first = split.Train[0];
        Assert.StartsWith("Natalia sold clips to 48 of her friends", first.Question, StringComparison.Ordinal);
        Assert.Equal("72", first.Answer);
        Assert.Equal("Natalia sold 48/2 = 24 clips in May.\nNatalia sold 48+24 = 72 clips altogether in April and May.", first.Reasoning);
        Assert.Equal("gsm8k-train-1", first.Id);
        Assert.Equal("gsm8k-train-201", split.Dev[0].Id);
        Assert.Equal("gsm8k-test-1", split.Test[0].Id);
        Assert.All(split.All, p => Assert.True(NumericAnswer.TryParseFinalNumber(p.Answer, out _), p.Id));
        Assert.All(split.All, p => Assert.DoesNotContain("<<", p.Reasoning, StringComparison.Ordinal));
    }

    [Fact]
    public void TrySplitAnswer_CommaInFinalAnswer_RemovesIt()
    {
        Assert.True(Gsm8kDataset.TrySplitAnswer("He has 1000+500 = <<1000+500=1500>>1500.\n#### 1,500", out var reasoning, out var answer));
        Assert.Equal("1500", answer);
        Assert.Equal("He has 1000+500 = 1500.", reasoning);
    }

    [Fact]
    public void Read_AnswerWithoutMarker_ThrowsWithLine()
    {
        var text = "{\"question\":\"q\",\"answer\":\"x\\n#### 1\"}\n{\"question\":\"q2\",\"answer\":\"no marker\"}\n";

        var ex = Assert.Throws<DataFormatException>(() => Gsm8kDataset.Read(new StringReader(text), "gsm.jsonl", "g"));

        Assert.StartsWith("gsm.jsonl:2:1:", ex.Message, StringComparison.Ordinal);
    }
}
