using BetterTogether.Core.Predictors;
using BetterTogether.Core.Signatures;

namespace BetterTogether.Core.Tests.Signatures;

public sealed class SignatureTests
{
    [Fact]
    public void Parse_InputsAndOutputs_KeepsOrderAndDefaultInstructions()
    {
        var signature = Signature.Parse("context, question -> reasoning, answer");
        Assert.Equal(["context", "question"], signature.InputFields.Select(f => f.Name));
        Assert.Equal(["reasoning", "answer"], signature.OutputFields.Select(f => f.Name));
        Assert.Equal("Given the fields `context`, `question`, produce the fields `reasoning`, `answer`.", signature.Instructions);
        Assert.Equal("context, question -> reasoning, answer", signature.ToString());
    }

    [Fact]
    public void Parse_StrTypeAnnotation_Accepted() =>
        Assert.Equal("question -> answer", Signature.Parse("question: str -> answer:str").ToString());

    [Theory]
    [InlineData("", "empty")]
    [InlineData("question answer", "no \"->\"")]
    [InlineData("a -> b -> c", "2 \"->\" separators")]
    [InlineData(" -> answer", "input side is empty")]
    [InlineData("question -> ", "output side is empty")]
    [InlineData("question, -> answer", "input field #2 is empty")]
    [InlineData("question -> 1answer", "\"1answer\" is not a valid output field name")]
    [InlineData("question -> question", "appears more than once")]
    [InlineData("n: int -> answer", "only str fields")]
    public void Parse_Malformed_ThrowsWithReason(string text, string reason)
    {
        var error = Assert.Throws<SignatureParseException>(() => Signature.Parse(text));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Instructions("Answer the question using the context.")]
    private sealed record QaSignature(
        [property: InputField("facts that may help")] string Context,
        [property: InputField] string Question,
        [property: OutputField("a short answer")] string ShortAnswer);

    private sealed record NoOutputs([property: InputField] string Question);

    [Fact]
    public void FromType_AttributedRecord_ReadsFieldsDescriptionsAndInstructions()
    {
        var signature = Signature.FromType<QaSignature>();
        Assert.Equal("context, question -> short_answer", signature.ToString());
        Assert.Equal("facts that may help", signature.InputFields[0].Description);
        Assert.Equal("a short answer", signature.OutputFields[0].Description);
        Assert.Equal("Answer the question using the context.", signature.Instructions);
    }

    [Fact]
    public void FromType_NoOutputField_Throws()
    {
        var error = Assert.Throws<SignatureParseException>(() => Signature.FromType<NoOutputs>());
        Assert.Contains("at least one input field and at least one output field", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChainOfThought_Signature_PrependsReasoningBeforeOutputs()
    {
        var cot = new ChainOfThought("qa", "question -> answer");
        Assert.Equal(["reasoning", "answer"], cot.Signature.OutputFields.Select(f => f.Name));
        Assert.Equal("Given the fields `question`, produce the fields `reasoning`, `answer`.", cot.Signature.Instructions);
    }

    [Fact]
    public void Prepend_ExistingName_Throws() =>
        Assert.Throws<SignatureParseException>(() => new ChainOfThought("qa", "question -> reasoning"));
}
