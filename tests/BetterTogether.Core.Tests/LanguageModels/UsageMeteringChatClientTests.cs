using BetterTogether.Core.LanguageModels;
using BetterTogether.Core.Programs;
using BetterTogether.Core.Tests.TestSupport;

namespace BetterTogether.Core.Tests.LanguageModels;

public sealed class UsageMeteringChatClientTests
{
    [Fact]
    public async Task GetResponseAsync_StagesAndPredictors_AccountedSeparately()
    {
        var meter = new UsageMeter();
        var inner = new ScriptedChatClient(r => Replies.Fields(("answer", TestData.Solve(r.Field("question")))));
        var lm = TestData.Lm(new UsageMeteringChatClient(inner, meter));
        var program = PredictorProgram.Predict("question -> answer", lm, name: "solver");
        var examples = TestData.Sums(3);

        using (UsageScope.BeginStage("evaluate"))
        {
            await Task.WhenAll(examples.Select(e => program.ForwardAsync(e.Inputs())));
        }

        using (UsageScope.BeginStage("bootstrap"))
        {
            await program.ForwardAsync(examples[0].Inputs());
        }

        var snapshot = meter.Snapshot();
        Assert.Equal([new UsageKey("bootstrap", "solver"), new UsageKey("evaluate", "solver")], snapshot.Select(kv => kv.Key));
        Assert.Equal(3, meter.ForStage("evaluate").Calls);
        Assert.Equal(21, meter.ForStage("evaluate").OutputTokens);
        Assert.Equal(4, meter.Total.Calls);
        Assert.Equal(inner.Requests.Sum(r => r.Messages.Sum(m => m.Text.Length)), meter.Total.InputTokens);
    }
}
