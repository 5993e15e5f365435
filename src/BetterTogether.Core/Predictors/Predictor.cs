using BetterTogether.Core.Adapters;
using BetterTogether.Core.Examples;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Core.Signatures;
using BetterTogether.Core.Tracing;

namespace BetterTogether.Core.Predictors;

/// <summary>
/// One LM call site in a program: a stable name, a signature, its own few-shot demos and its own LM.
/// A call renders the request with the <see cref="ChatAdapter"/>, asks the LM, parses the reply and records
/// a <see cref="TraceStep"/> in the ambient <see cref="TraceScope"/>. When the LM answers that the request does not
/// fit its context window (<see cref="ContextWindowExceededException"/>), the call is repeated without the last demo,
/// down to none; the step records how many were left out.
/// </summary>
public abstract class Predictor
{
    private IReadOnlyList<Example> _demos = [];
    private Signature _signature;

    /// <summary>Initialises the predictor.</summary>
    /// <param name="name">The stable name inside its program (used by traces, demos and program state).</param>
    /// <param name="signature">The signature.</param>
    /// <param name="lm">The LM; may be set later (e.g. <c>LmProgram.SetLm</c>).</param>
    protected Predictor(string name, Signature signature, LanguageModel? lm)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(signature);
        Name = name;
        _signature = signature;
        Lm = lm;
    }

    /// <summary>The stable name inside its program.</summary>
    public string Name { get; }

    /// <summary>The signature (replace it to change instructions).</summary>
    public Signature Signature
    {
        get => _signature;
        set => _signature = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The few-shot demos rendered before each request.</summary>
    public IReadOnlyList<Example> Demos
    {
        get => _demos;
        set => _demos = [.. value ?? throw new ArgumentNullException(nameof(value))];
    }

    /// <summary>The LM this predictor calls, with its optional LoRA adapter.</summary>
    public LanguageModel? Lm { get; set; }

    /// <summary>The adapter that renders requests and parses replies.</summary>
    public ChatAdapter Adapter { get; set; } = ChatAdapter.Default;

    /// <summary>Calls the LM on <paramref name="inputs"/> and returns the parsed outputs.</summary>
    /// <param name="inputs">Values for every input field of the signature (extra keys are ignored).</param>
    /// <param name="cancellationToken">Cancels the LM call.</param>
    /// <exception cref="ArgumentException">An input field is missing.</exception>
    /// <exception cref="InvalidOperationException">No LM is set.</exception>
    /// <exception cref="AdapterParseException">The reply does not contain every output field.</exception>
    /// <exception cref="ContextWindowExceededException">The request does not fit the LM's context window even without demos.</exception>
    public async Task<Prediction> PredictAsync(IReadOnlyDictionary<string, string> inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var signature = Signature;
        var missing = signature.InputFields.Where(f => !inputs.ContainsKey(f.Name)).Select(f => f.Name).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"Predictor \"{Name}\" ({signature}) was called without input field(s): {string.Join(", ", missing)}.", nameof(inputs));
        }

        var lm = Lm ?? throw new InvalidOperationException($"Predictor \"{Name}\" has no LM; set Predictor.Lm or call LmProgram.SetLm first.");
        var callInputs = signature.InputFields.ToDictionary(f => f.Name, f => inputs[f.Name], StringComparer.Ordinal);
        var demos = Demos;
        var sampling = SamplingScope.Current;
        var options = lm.CreateOptions(sampling?.Temperature, sampling?.RolloutId);
        var kept = demos.Count;
        string text;
        using (UsageScope.BeginPredictor(Name))
        {
            while (true)
            {
                var messages = Adapter.Format(signature, kept == demos.Count ? demos : demos.Take(kept).ToList(), callInputs);
                try
                {
                    var response = await lm.Client.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
                    text = response.Text;
                    break;
                }
                catch (ContextWindowExceededException) when (kept > 0)
                {
                    // Leave out the last demo and ask again, so a long demo set costs demos, not the call.
                    kept--;
                }
            }
        }

        var prediction = new Prediction(Adapter.Parse(signature, text, Name));
        TraceScope.Current?.Add(new TraceStep(Name, callInputs, prediction, demos.Count - kept));
        return prediction;
    }

    /// <summary>Clears the demos. Deliberate deviation: the LM is kept (DSPy's reset drops it, so later steps fall back to the base LM).</summary>
    public void Reset() => _demos = [];

    /// <summary>Returns an independent copy (same name, signature, LM reference; its own demo list).</summary>
    public Predictor Clone()
    {
        var copy = (Predictor)MemberwiseClone();
        copy._demos = [.. _demos];
        return copy;
    }

    /// <inheritdoc />
    public override string ToString() => $"{GetType().Name}({Name}: {Signature})";
}
