using BetterTogether.Core.Examples;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Core.Predictors;
using BetterTogether.Core.Signatures;

namespace BetterTogether.Core.Programs;

/// <summary>A program made of one predictor, so a Predict or ChainOfThought task needs no subclass.</summary>
public sealed class PredictorProgram : LmProgram
{
    private readonly Predictor _predictor;

    /// <summary>Wraps <paramref name="predictor"/>.</summary>
    public PredictorProgram(Predictor predictor)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        _predictor = predictor;
    }

    /// <summary>The wrapped predictor.</summary>
    public Predictor Predictor => _predictor;

    /// <summary>A one-step <see cref="Predict"/> program, e.g. <c>PredictorProgram.Predict("question -> answer", lm)</c>.</summary>
    /// <exception cref="SignatureParseException">The signature text is malformed.</exception>
    public static PredictorProgram Predict(string signature, LanguageModel? lm = null, string name = "predict") =>
        new(new Predict(name, signature, lm));

    /// <summary>A one-step <see cref="Predictors.ChainOfThought"/> program.</summary>
    /// <exception cref="SignatureParseException">The signature text is malformed.</exception>
    public static PredictorProgram ChainOfThought(string signature, LanguageModel? lm = null, string name = "predict") =>
        new(new ChainOfThought(name, signature, lm));

    /// <inheritdoc />
    public override Task<Prediction> ForwardAsync(Example inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return _predictor.PredictAsync(inputs, cancellationToken);
    }
}
