using BetterTogether.Core.Examples;

namespace BetterTogether.Core.Tests.Examples;

public sealed class ExampleTests
{
    [Fact]
    public void InputsAndLabels_WithInputs_SplitFields()
    {
        var example = Example.From(("question", "q"), ("context", "c"), ("answer", "a")).WithInputs("question", "context");
        Assert.Equal(["context", "question"], example.Inputs().Keys.Order());
        Assert.Equal(["answer"], example.Labels().Keys);
        Assert.Equal("q", example.Inputs()["question"]);
    }

    [Fact]
    public void Inputs_NoInputKeys_Throws() =>
        Assert.Throws<InvalidOperationException>(() => Example.From(("q", "1")).Inputs());

    [Fact]
    public void WithInputs_UnknownKey_Throws() =>
        Assert.Throws<ArgumentException>(() => Example.From(("q", "1")).WithInputs("nope"));

    [Fact]
    public void Equals_SameFieldsDifferentInputKeys_AreEqual()
    {
        var a = Example.From(("q", "1"), ("a", "2")).WithInputs("q");
        var b = Example.From(("a", "2"), ("q", "1"));
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, a.With("a", "3"));
    }

    [Fact]
    public void Indexer_MissingField_NamesFields()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => Example.From(("q", "1"))["answer"]);
        Assert.Contains("q", error.Message, StringComparison.Ordinal);
    }
}
