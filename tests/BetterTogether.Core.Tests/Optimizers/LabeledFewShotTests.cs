using BetterTogether.Core.Examples;
using BetterTogether.Core.Optimizers;
using BetterTogether.Core.Predictors;
using BetterTogether.Core.Programs;
using BetterTogether.Core.Tests.TestSupport;

namespace BetterTogether.Core.Tests.Optimizers;

public sealed class LabeledFewShotTests
{
    internal sealed class TwoStep : LmProgram
    {
        private readonly Predict _first = new("first", "question -> answer");
        private readonly Predict _second = new("second", "question, answer -> answer2");

        public override async Task<Prediction> ForwardAsync(Example inputs, CancellationToken cancellationToken = default)
        {
            var a = await _first.PredictAsync(inputs, cancellationToken);
            var b = await _second.PredictAsync(new Dictionary<string, string> { ["question"] = inputs["question"], ["answer"] = a["answer"] }, cancellationToken);
            return Prediction.From(("answer", a["answer"]), ("answer2", b["answer2"]));
        }
    }

    [Fact]
    public void Compile_Sample_MatchesDspyRandom0AcrossPredictors()
    {
        var trainset = TestData.Sums(20);
        var compiled = new LabeledFewShot(3).Compile(new TwoStep(), trainset);
        // CPython: r = random.Random(0); r.sample(range(20), 3) -> [12, 13, 1]; again -> [8, 16, 15]
        Assert.Equal([trainset[12], trainset[13], trainset[1]], compiled.GetPredictor("first").Demos);
        Assert.Equal([trainset[8], trainset[16], trainset[15]], compiled.GetPredictor("second").Demos);
        Assert.True(compiled.GetPredictor("first").Demos.All(d => !d.Augmented));
    }

    [Fact]
    public void Compile_NoSample_TakesFirstK()
    {
        var trainset = TestData.Sums(5);
        var compiled = new LabeledFewShot(2).Compile(new TwoStep(), trainset, sample: false);
        Assert.Equal([trainset[0], trainset[1]], compiled.GetPredictor("second").Demos);
    }

    [Fact]
    public void Compile_EmptyTrainset_ReturnsResetCopy()
    {
        var program = new TwoStep();
        program.GetPredictor("first").Demos = [Example.From(("question", "q"), ("answer", "a"))];
        var compiled = new LabeledFewShot().Compile(program, []);
        Assert.Empty(compiled.GetPredictor("first").Demos);
        Assert.Single(program.GetPredictor("first").Demos);
    }
}
