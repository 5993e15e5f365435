using System.Text.Json;
using BetterTogether.Core.Examples;
using BetterTogether.Core.Optimizers;
using BetterTogether.Core.Programs;
using BetterTogether.Core.Tests.TestSupport;

namespace BetterTogether.Core.Tests.Optimizers;

public sealed class TracedExampleJsonTests
{
    [Fact]
    public async Task Serialize_TracedExamples_RoundTripsForStorage()
    {
        var client = new ScriptedChatClient(r => Replies.Fields(("answer", TestData.Solve(r.Field("question")))));
        var program = PredictorProgram.Predict("question -> answer", TestData.Lm(client));
        var finetune = new BootstrapFinetune(new InMemoryFineTuner(), new BootstrapFinetuneOptions { Metric = TestData.AnswerMatches });
        var traces = await finetune.CollectTracesAsync(program, TestData.Sums(2));

        var json = JsonSerializer.Serialize(traces);
        var back = JsonSerializer.Deserialize<List<TracedExample>>(json)!;

        Assert.Equal(traces[1].Example, back[1].Example);
        Assert.Equal(["question"], back[1].Example.InputKeys);
        Assert.Equal("2", back[1].Prediction["answer"]);
        Assert.Equal("1+1", back[1].Steps[0].Inputs["question"]);
        Assert.Equal(traces[1].Calls[0].Record.Messages, back[1].Calls[0].Record.Messages);
        Assert.Equal(finetune.BuildDatasets(program, traces)[0].Records.Count, finetune.BuildDatasets(program, back)[0].Records.Count);
    }

    [Fact]
    public void Deserialize_ExampleWithUnknownInputKey_ThrowsJsonException() =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Example>("{\"fields\":{\"q\":\"1\"},\"inputKeys\":[\"x\"]}"));
}
