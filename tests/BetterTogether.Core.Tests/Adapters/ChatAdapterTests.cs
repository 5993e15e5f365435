using BetterTogether.Core.Adapters;
using BetterTogether.Core.Examples;
using BetterTogether.Core.Signatures;
using Microsoft.Extensions.AI;

namespace BetterTogether.Core.Tests.Adapters;

public sealed class ChatAdapterTests
{
    private static readonly ChatAdapter Adapter = ChatAdapter.Default;

    // Same layout as DSPy's tests/adapters/test_chat_adapter.py::test_format_system_message, with str fields.
    [Fact]
    public void FormatSystemMessage_TwoOutputs_MatchesDspyLayout()
    {
        var signature = Signature.Parse("question -> answers, scores", "Answer the question with multiple answers and scores");
        const string expected = "Your input fields are:\n1. `question` (str):\nYour output fields are:\n1. `answers` (str): \n2. `scores` (str):\n" +
            "All interactions will be structured in the following way, with the appropriate values filled in.\n\n" +
            "[[ ## question ## ]]\n{question}\n\n[[ ## answers ## ]]\n{answers}\n\n[[ ## scores ## ]]\n{scores}\n\n[[ ## completed ## ]]\n" +
            "In adhering to this structure, your objective is: \n        Answer the question with multiple answers and scores";
        Assert.Equal(expected, Adapter.FormatSystemMessage(signature));
    }

    [Fact]
    public void Format_DemosAndInputs_RendersTurnsInDspyOrder()
    {
        var signature = Signature.Parse("question -> answer");
        var complete = Example.From(("question", "1+1"), ("answer", "2"));
        var withExtraField = Example.From(("question", "2+2"), ("answer", "4"), ("extra", "x"));
        var partial = Example.From(("question", "3+3"));
        var messages = Adapter.Format(signature, [complete, partial], new Dictionary<string, string> { ["question"] = "5+5" });

        Assert.Equal([ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.User], messages.Select(m => m.Role));
        Assert.Equal("[[ ## question ## ]]\n1+1", messages[1].Text);
        Assert.Equal("[[ ## answer ## ]]\n2\n\n[[ ## completed ## ]]\n", messages[2].Text);
        Assert.Equal(
            "[[ ## question ## ]]\n5+5\n\nRespond with the corresponding output fields, starting with the field `[[ ## answer ## ]]`, and then ending with the marker for `[[ ## completed ## ]]`.",
            messages[3].Text);
        Assert.Equal(6, Adapter.Format(signature, [withExtraField, complete], new Dictionary<string, string> { ["question"] = "q" }).Count);
    }

    [Fact]
    public void Format_IncompleteDemo_GoesFirstWithDspyPrefix()
    {
        var signature = Signature.Parse("context, question -> answer");
        var complete = Example.From(("context", "c"), ("question", "q1"), ("answer", "a1"));
        var incomplete = Example.From(("question", "q2"), ("answer", "a2"));
        var messages = Adapter.Format(signature, [complete, incomplete], new Dictionary<string, string> { ["context"] = "c", ["question"] = "q" });
        Assert.Equal("This is an example of the task, though some input or output fields are not supplied.\n\n[[ ## question ## ]]\nq2", messages[1].Text);
        Assert.Equal("[[ ## context ## ]]\nc\n\n[[ ## question ## ]]\nq1", messages[3].Text);
    }

    [Fact]
    public void Parse_RenderedAssistantMessage_RoundTrips()
    {
        var signature = Signature.Parse("question -> reasoning, answer");
        var outputs = new Dictionary<string, string> { ["reasoning"] = "Add the numbers.\nTwo lines.", ["answer"] = "4" };
        var parsed = Adapter.Parse(signature, Adapter.FormatAssistantMessage(signature, outputs));
        Assert.Equal(outputs, parsed);
    }

    [Fact]
    public void Parse_ContentOnHeaderLineAndRepeatedField_KeepsFirst()
    {
        var signature = Signature.Parse("question -> answer");
        var parsed = Adapter.Parse(signature, "preamble\n[[ ## answer ## ]] 42\n[[ ## answer ## ]]\n43\n[[ ## completed ## ]]");
        Assert.Equal("42", parsed["answer"]);
    }

    [Fact]
    public void Parse_MissingField_ThrowsTypedExceptionNamingTheField()
    {
        var signature = Signature.Parse("question -> reasoning, answer");
        var error = Assert.Throws<AdapterParseException>(() => Adapter.Parse(signature, "[[ ## reasoning ## ]]\nhmm", "qa"));
        Assert.Equal(["answer"], error.MissingFields);
        Assert.Equal("qa", error.PredictorName);
        Assert.Contains("missing [answer]", error.Message, StringComparison.Ordinal);
        Assert.Throws<AdapterParseException>(() => Adapter.Parse(signature, string.Empty));
    }

    [Fact]
    public void FormatFinetuneRecord_WithAndWithoutDemos_SystemUserAssistant()
    {
        var signature = Signature.Parse("question -> answer");
        var inputs = new Dictionary<string, string> { ["question"] = "2+2" };
        var outputs = new Dictionary<string, string> { ["answer"] = "4" };
        var bare = Adapter.FormatFinetuneRecord(signature, [], inputs, outputs);
        Assert.Equal(["system", "user", "assistant"], bare.Messages.Select(m => m.Role));
        Assert.Equal("[[ ## answer ## ]]\n4\n\n[[ ## completed ## ]]\n", bare.Messages[2].Content);

        var withDemo = Adapter.FormatFinetuneRecord(signature, [Example.From(("question", "1+1"), ("answer", "2"))], inputs, outputs);
        Assert.Equal(["system", "user", "assistant", "user", "assistant"], withDemo.Messages.Select(m => m.Role));
        Assert.Equal(bare.Messages[1].Content, withDemo.Messages[3].Content);
    }
}
