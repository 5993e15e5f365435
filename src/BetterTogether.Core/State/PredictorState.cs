using BetterTogether.Core.LanguageModels;

namespace BetterTogether.Core.State;

/// <summary>The saved state of one predictor.</summary>
/// <param name="Name">The predictor's stable name.</param>
/// <param name="Signature">The compact signature (<c>inputs -&gt; outputs</c>), checked on load.</param>
/// <param name="Instructions">The instructions.</param>
/// <param name="Demos">The few-shot demos.</param>
/// <param name="ModelId">The LM's model id, when the predictor had an LM.</param>
/// <param name="Adapter">The LoRA adapter served on top of the LM, if any.</param>
public sealed record PredictorState(
    string Name,
    string Signature,
    string Instructions,
    IReadOnlyList<DemoState> Demos,
    string? ModelId,
    AdapterReference? Adapter);
