using BetterTogether.Core.Adapters;
using BetterTogether.Core.Examples;
using BetterTogether.Core.Randomness;
using BetterTogether.Core.Signatures;
using BetterTogether.Engine.Lora;
using BetterTogether.Pretraining.Corpus;

namespace BetterTogether.Pretraining.Evaluation;

/// <summary>A task family's plain program and held-out data, as the quality gate runs it.</summary>
public abstract class GateTask
{
    /// <summary>The family.</summary>
    public abstract TaskFamily Family { get; }

    /// <summary>A short name for tables.</summary>
    public abstract string Name { get; }

    /// <summary>Chance accuracy (or a reference for it), for the report.</summary>
    public abstract string Chance { get; }

    /// <summary>Chance accuracy as a fraction, which zero-shot must clear by <see cref="GateResult.ClearMargin"/>.</summary>
    public abstract double ChanceAccuracy { get; }

    /// <summary>Train items available.</summary>
    public abstract int TrainCount { get; }

    /// <summary>Test items available.</summary>
    public abstract int TestCount { get; }

    /// <summary>Most tokens a reply may take; a prompt leaves at least this much of the model's context free.</summary>
    public const int ReplyTokens = 160;

    /// <summary>Runs the program on one item.</summary>
    /// <param name="lm">The model.</param>
    /// <param name="test">True for a test item, false for a train item.</param>
    /// <param name="index">The item's index.</param>
    /// <param name="demos">Demos per predictor name (missing: none).</param>
    /// <param name="adapter">A LoRA adapter, or null.</param>
    /// <param name="sampling">Sampling for every call of the run, or null for greedy decoding.</param>
    /// <param name="cancellationToken">Stops between calls.</param>
    /// <returns>The run.</returns>
    public abstract ProgramRun Run(LocalChatModel lm, bool test, int index, IReadOnlyDictionary<string, IReadOnlyList<Example>> demos, LoraAdapter? adapter, GateSampling? sampling, CancellationToken cancellationToken);

    /// <summary>
    /// Labeled demos (inputs and final answer, no reasoning), per predictor: the last train items, or a seeded sample
    /// of them (as LabeledFewShot draws its demos); empty when the task has none.
    /// </summary>
    /// <param name="count">Demos wanted.</param>
    /// <param name="seed">Null for the last train items, else the seed of a random sample.</param>
    /// <returns>Demos per predictor name.</returns>
    public virtual IReadOnlyDictionary<string, IReadOnlyList<Example>> LabeledDemos(int count, int? seed = null) => new Dictionary<string, IReadOnlyList<Example>>();

    /// <summary>
    /// The last <paramref name="count"/> items, or, with a seed, that many drawn as LabeledFewShot draws its demos
    /// (<c>random.Random(seed).sample(items, count)</c>).
    /// </summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="items">The train items.</param>
    /// <param name="count">Items wanted.</param>
    /// <param name="seed">Null for the last items, else the seed of the sample.</param>
    /// <returns>The items.</returns>
    protected static IEnumerable<T> Pick<T>(IReadOnlyList<T> items, int count, int? seed)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (seed is not { } s)
        {
            return items.TakeLast(count);
        }

        return new PythonRandom(s).Sample(items, Math.Min(count, items.Count));
    }

    /// <summary>
    /// Calls one predictor: renders the ChatAdapter prompt, generates (greedily unless sampling is given), parses the
    /// reply. Demos that would leave less than <see cref="ReplyTokens"/> of the context for the reply are dropped, last
    /// first (a long multi-hop demo carries its passages), so a demo set is measured by the demos that fit, not by
    /// replies cut off at the context's end.
    /// </summary>
    /// <param name="lm">The model.</param>
    /// <param name="predictor">The predictor's name (selects its demos).</param>
    /// <param name="signature">The extended signature.</param>
    /// <param name="inputs">Input values.</param>
    /// <param name="demos">Demos per predictor.</param>
    /// <param name="adapter">A LoRA adapter, or null.</param>
    /// <param name="sampling">Temperature and seed, or null for greedy decoding.</param>
    /// <param name="cancellationToken">Stops generation.</param>
    /// <returns>The call.</returns>
    protected static PredictorCall Call(LocalChatModel lm, string predictor, Signature signature, IReadOnlyDictionary<string, string> inputs, IReadOnlyDictionary<string, IReadOnlyList<Example>> demos, LoraAdapter? adapter, GateSampling? sampling, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lm);
        ArgumentNullException.ThrowIfNull(demos);
        var kept = demos.TryGetValue(predictor, out var d) ? d : [];
        var prompt = lm.EncodePrompt(ChatRendering.Request(signature, kept, inputs));
        while (kept.Count > 0 && prompt.Length + ReplyTokens > lm.Model.Config.MaxPositionEmbeddings)
        {
            kept = kept.Take(kept.Count - 1).ToList();
            prompt = lm.EncodePrompt(ChatRendering.Request(signature, kept, inputs));
        }

        var dropped = (d?.Count ?? 0) - kept.Count;
        var reply = lm.Complete(prompt, ReplyTokens, adapter, sampling, cancellationToken);
        try
        {
            return new PredictorCall(predictor, signature, inputs, ChatAdapter.Default.Parse(signature, reply, predictor), dropped);
        }
        catch (AdapterParseException)
        {
            return new PredictorCall(predictor, signature, inputs, null, dropped);
        }
    }
}
