using BetterTogether.Core.Predictors;
using BetterTogether.Tasks.Classification;
using BetterTogether.Tasks.Generators;
using BetterTogether.Tasks.Programs;

namespace BetterTogether.Tasks.Tests.Programs;

public sealed class TaskProgramsTests
{
    [Fact]
    public void IrisProgram_IsChainOfThoughtOverFourFeaturesToSpecies()
    {
        var predictor = Assert.Single(IrisProgram.Create().Predictors());

        Assert.IsType<ChainOfThought>(predictor);
        Assert.Equal(["sepal_length", "sepal_width", "petal_length", "petal_width"], predictor.Signature.InputFields.Select(f => f.Name));
        Assert.Equal(["reasoning", "species"], predictor.Signature.OutputFields.Select(f => f.Name));
        Assert.Equal("Given the sepal_length, sepal_width, petal_length and petal_width of a flower, predict its species: setosa, versicolor, virginica.", predictor.Signature.Instructions);
    }

    [Fact]
    public void ArithmeticProgram_IsChainOfThoughtQuestionToAnswer()
    {
        var predictor = Assert.Single(ArithmeticProgram.Create().Predictors());

        Assert.IsType<ChainOfThought>(predictor);
        Assert.Equal("question -> reasoning, answer", predictor.Signature.ToString());
    }

    [Fact]
    public void SyntheticClassificationProgram_SignatureFollowsTheTask()
    {
        var task = new SyntheticClassificationGenerator().Generate(DataPartition.Pretraining, 0, 1)[0];

        var signature = SyntheticClassificationProgram.SignatureFor(task);
        var example = SyntheticClassificationProgram.ToExample(task, task.Examples[0]);

        Assert.Equal(task.FeatureNames, signature.InputFields.Select(f => f.Name));
        Assert.Equal(task.LabelName, Assert.Single(signature.OutputFields).Name);
        Assert.Equal(task.Instruction, signature.Instructions);
        Assert.Equal(task.FeatureNames, example.InputKeys);
        Assert.Equal(task.Examples[0].Label, example[task.LabelName]);
    }
}
