using BetterTogether.Core.Examples;
using BetterTogether.Core.Programs;
using BetterTogether.Core.Tests.TestSupport;
using BetterTogether.Core.Tracing;

namespace BetterTogether.Core.Tests.Tracing;

public sealed class TraceScopeTests
{
    [Fact]
    public async Task Begin_ConcurrentRuns_EachTraceHoldsOnlyItsOwnCalls()
    {
        var client = new ScriptedChatClient(r => Replies.Fields(("answer", TestData.Solve(r.Field("question"))))) { Delay = TimeSpan.FromMilliseconds(2) };
        var program = PredictorProgram.Predict("question -> answer", TestData.Lm(client));
        var examples = TestData.Sums(40);

        var traces = await Task.WhenAll(examples.Select(async example =>
        {
            var trace = new Trace();
            using (TraceScope.Begin(trace))
            {
                await Task.Yield();
                await program.ForwardAsync(example.Inputs());
                await program.ForwardAsync(example.Inputs());
            }

            return (example, trace);
        }));

        foreach (var (example, trace) in traces)
        {
            Assert.Equal(2, trace.Steps.Count);
            Assert.All(trace.Steps, s => Assert.Equal(example["question"], s.Inputs["question"]));
            Assert.All(trace.Steps, s => Assert.Equal(example["answer"], s.Outputs["answer"]));
            Assert.All(trace.Steps, s => Assert.Equal("predict", s.PredictorName));
        }

        Assert.Null(TraceScope.Current);
    }

    [Fact]
    public async Task Begin_Disposed_RestoresPreviousTrace()
    {
        var outer = new Trace();
        using (TraceScope.Begin(outer))
        {
            using (TraceScope.Begin(new Trace()))
            {
                await Task.Yield();
            }

            Assert.Same(outer, TraceScope.Current);
        }
    }

    [Fact]
    public async Task PredictAsync_ParseFailure_RecordsNoStep()
    {
        var client = new ScriptedChatClient(_ => "no fields here");
        var program = PredictorProgram.Predict("question -> answer", TestData.Lm(client));
        var trace = new Trace();
        using (TraceScope.Begin(trace))
        {
            await Assert.ThrowsAsync<Core.Adapters.AdapterParseException>(() => program.ForwardAsync(Example.From(("question", "1+1")).WithInputs("question")));
        }

        Assert.Empty(trace.Steps);
    }
}
