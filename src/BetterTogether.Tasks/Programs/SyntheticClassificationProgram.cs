using BetterTogether.Core.Examples;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Core.Predictors;
using BetterTogether.Core.Programs;
using BetterTogether.Core.Signatures;
using BetterTogether.Tasks.Classification;

namespace BetterTogether.Tasks.Programs;

/// <summary>
/// The classifier for a <see cref="SyntheticClassificationTask"/>, shaped like the Iris program (features in, label out,
/// ChainOfThought), so a pretraining corpus can render such tasks in the same prompt format.
/// </summary>
public static class SyntheticClassificationProgram
{
    /// <summary>The signature: the task's features as inputs, its label as the output (described by the label list).</summary>
    public static Signature SignatureFor(SyntheticClassificationTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var labels = task.Labels.Count == 2
            ? $"{task.Labels[0]} or {task.Labels[1]}"
            : string.Join(", ", task.Labels.Take(task.Labels.Count - 1)) + ", or " + task.Labels[^1];
        return Signature.Create(
            task.FeatureNames.Select(f => new SignatureField(f, FieldKind.Input)).Append(new SignatureField(task.LabelName, FieldKind.Output, labels)),
            task.Instruction);
    }

    /// <summary>One example of the task as a Core <see cref="Example"/> (features as inputs).</summary>
    public static Example ToExample(SyntheticClassificationTask task, ClassificationExample example)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(example);
        return new Example(
            task.FeatureNames.Select((f, i) => KeyValuePair.Create(f, example.Values[i])).Append(KeyValuePair.Create(task.LabelName, example.Label)),
            task.FeatureNames);
    }

    /// <summary>Creates the ChainOfThought classifier for the task.</summary>
    /// <param name="task">The task.</param>
    /// <param name="lm">The LM, or null to set it later.</param>
    public static LmProgram Create(SyntheticClassificationTask task, LanguageModel? lm = null) =>
        new PredictorProgram(new ChainOfThought(IrisProgram.PredictorName, SignatureFor(task), lm));
}
