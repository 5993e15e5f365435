using BetterTogether.Core.LanguageModels;
using BetterTogether.Core.Predictors;
using BetterTogether.Core.Programs;
using BetterTogether.Core.Signatures;
using BetterTogether.Tasks.Iris;

namespace BetterTogether.Tasks.Programs;

/// <summary>The Iris classifier: one ChainOfThought predictor from the four measurements to the species.</summary>
public static class IrisProgram
{
    /// <summary>The predictor's name.</summary>
    public const string PredictorName = "classify";

    /// <summary>The signature: <c>sepal_length, sepal_width, petal_length, petal_width -> species</c>.</summary>
    /// <remarks>Worded exactly as the bundled model's pretraining corpus words its classifiers (labels listed from small to large).</remarks>
    public static Signature Signature { get; } = Signature.Create(
        IrisDataset.FeatureNames.Select(f => new SignatureField(f, FieldKind.Input))
            .Append(new SignatureField(IrisDataset.LabelName, FieldKind.Output)),
        "Given the sepal_length, sepal_width, petal_length and petal_width of a flower, predict its species: setosa, versicolor, virginica.");

    /// <summary>Creates the program (its reasoning field comes first in the output, as ChainOfThought does).</summary>
    /// <param name="lm">The LM, or null to set it later with <see cref="LmProgram.SetLm"/>.</param>
    public static LmProgram Create(LanguageModel? lm = null) => new PredictorProgram(new ChainOfThought(PredictorName, Signature, lm));
}
