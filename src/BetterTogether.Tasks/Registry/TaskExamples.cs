using BetterTogether.Core.Examples;
using BetterTogether.Tasks.Arithmetic;
using BetterTogether.Tasks.Common;
using BetterTogether.Tasks.Iris;
using BetterTogether.Tasks.MultiHop;

namespace BetterTogether.Tasks.Registry;

/// <summary>Turns the tasks' items into Core <see cref="Example"/>s with their input keys set.</summary>
public static class TaskExamples
{
    /// <summary>The four measurements (inputs) and <c>species</c>.</summary>
    public static Example FromIris(IrisFlower flower)
    {
        ArgumentNullException.ThrowIfNull(flower);
        return new Example(flower.Features.Append(KeyValuePair.Create(IrisDataset.LabelName, flower.Species)), IrisDataset.FeatureNames);
    }

    /// <summary><c>question</c> (input), <c>answer</c> and <c>gold_reasoning</c> (as DSPy's GSM8K loader names it).</summary>
    public static Example FromArithmetic(ArithmeticProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return new Example(
            [KeyValuePair.Create("question", problem.Question), KeyValuePair.Create("gold_reasoning", problem.Reasoning), KeyValuePair.Create("answer", problem.Answer)],
            ["question"]);
    }

    /// <summary><c>question</c> (input) and <c>answer</c>.</summary>
    public static Example FromHotpot(HotpotQuestion question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return Example.From(("question", question.Question), ("answer", question.Answer)).WithInputs("question");
    }

    /// <summary><c>question</c> (input) and <c>answer</c>.</summary>
    public static Example FromTwoHop(TwoHopQuestion question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return Example.From(("question", question.Question), ("answer", question.Answer)).WithInputs("question");
    }

    /// <summary>Maps every set of a split.</summary>
    public static DatasetSplit<Example> Map<T>(DatasetSplit<T> split, Func<T, Example> map)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(map);
        return new DatasetSplit<Example>(split.Train.Select(map).ToList(), split.Dev.Select(map).ToList(), split.Test.Select(map).ToList());
    }
}
