using BetterTogether.Core.LanguageModels;
using BetterTogether.Core.Signatures;

namespace BetterTogether.Core.Predictors;

/// <summary>The basic predictor: asks the LM for the signature's outputs directly (DSPy's <c>dspy.Predict</c>).</summary>
public sealed class Predict : Predictor
{
    /// <summary>Creates a predictor from a signature.</summary>
    /// <param name="name">The stable name inside its program.</param>
    /// <param name="signature">The signature.</param>
    /// <param name="lm">The LM, or null to set later.</param>
    public Predict(string name, Signature signature, LanguageModel? lm = null)
        : base(name, signature, lm)
    {
    }

    /// <summary>Creates a predictor from a compact signature such as <c>"question -> answer"</c>.</summary>
    /// <exception cref="SignatureParseException">The signature text is malformed.</exception>
    public Predict(string name, string signature, LanguageModel? lm = null)
        : base(name, Signature.Parse(signature), lm)
    {
    }
}
