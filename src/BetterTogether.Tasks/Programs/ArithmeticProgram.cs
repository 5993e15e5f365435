using BetterTogether.Core.LanguageModels;
using BetterTogether.Core.Predictors;
using BetterTogether.Core.Programs;
using BetterTogether.Core.Signatures;

namespace BetterTogether.Tasks.Programs;

/// <summary>The math word-problem solver (GSM8K and the synthetic problems): ChainOfThought <c>question -> answer</c>.</summary>
public static class ArithmeticProgram
{
    /// <summary>The predictor's name.</summary>
    public const string PredictorName = "solve";

    /// <summary>The signature: <c>question -> answer</c>.</summary>
    /// <remarks>Worded exactly as the bundled model's pretraining corpus words it.</remarks>
    public static Signature Signature { get; } = Signature.Create(
        [new SignatureField("question", FieldKind.Input), new SignatureField("answer", FieldKind.Output)],
        "Solve the math word problem. Give the final answer as a number.");

    /// <summary>Creates the program.</summary>
    /// <param name="lm">The LM, or null to set it later with <see cref="LmProgram.SetLm"/>.</param>
    public static LmProgram Create(LanguageModel? lm = null) => new PredictorProgram(new ChainOfThought(PredictorName, Signature, lm));
}
