using BetterTogether.Core.Adapters;
using BetterTogether.Core.Evaluation;
using BetterTogether.Core.Examples;
using BetterTogether.Core.Signatures;
using BetterTogether.Core.Tracing;

namespace BetterTogether.Core.Tests.Evaluation;

public sealed class ExampleResultTests
{
    private static readonly Example Labelled = Example.From(("question", "1+2"), ("answer", "3")).WithInputs("question");

    private static ExampleResult Result(Prediction prediction, double score, Exception? error = null) => new(0, Labelled, prediction, score, new Trace(), error);

    [Fact]
    public void Outcome_EachWayAnExampleEnds_OneKind()
    {
        var parse = new AdapterParseException(Signature.Parse("question -> answer"), "the answer is 3", new Dictionary<string, string>());

        Assert.Equal(ExampleOutcome.Correct, Result(Prediction.From(("answer", "3")), 1.0).Outcome);
        Assert.Equal(ExampleOutcome.Incorrect, Result(Prediction.From(("answer", "4")), 0.0).Outcome);
        Assert.Equal(ExampleOutcome.EmptyOutput, Result(Prediction.From(("answer", " ")), 0.0).Outcome);
        Assert.Equal(ExampleOutcome.ParseFailure, Result(Prediction.Empty, 0.0, parse).Outcome);
        Assert.Equal(ExampleOutcome.Error, Result(Prediction.Empty, 0.0, new HttpRequestException("down")).Outcome);
    }
}
