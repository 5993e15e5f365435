using BetterTogether.Core.LanguageModels;
using BetterTogether.Core.Signatures;

namespace BetterTogether.Core.Predictors;

/// <summary>
/// A predictor that reasons before answering: its signature gets a <c>reasoning</c> output placed before the
/// other outputs (DSPy's <c>dspy.ChainOfThought</c>).
/// </summary>
public sealed class ChainOfThought : Predictor
{
    /// <summary>The name of the added output field.</summary>
    public const string ReasoningField = "reasoning";

    /// <summary>Creates the predictor.</summary>
    /// <param name="name">The stable name inside its program.</param>
    /// <param name="signature">The base signature; must not already have a <c>reasoning</c> field.</param>
    /// <param name="lm">The LM, or null to set later.</param>
    /// <exception cref="SignatureParseException">The signature already has a <c>reasoning</c> field.</exception>
    public ChainOfThought(string name, Signature signature, LanguageModel? lm = null)
        : base(name, Extend(signature), lm)
    {
    }

    /// <summary>Creates the predictor from a compact signature such as <c>"question -> answer"</c>.</summary>
    /// <exception cref="SignatureParseException">The signature text is malformed or already has a <c>reasoning</c> field.</exception>
    public ChainOfThought(string name, string signature, LanguageModel? lm = null)
        : base(name, Extend(Signature.Parse(signature)), lm)
    {
    }

    private static Signature Extend(Signature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        return signature.Prepend(new SignatureField(ReasoningField, FieldKind.Output));
    }
}
