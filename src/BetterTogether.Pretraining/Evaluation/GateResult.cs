namespace BetterTogether.Pretraining.Evaluation;

/// <summary>The quality-gate figures of one task family.</summary>
/// <param name="Task">The task's name.</param>
/// <param name="Chance">Chance accuracy, as text.</param>
/// <param name="TestItems">Test items scored.</param>
/// <param name="ZeroShot">Accuracy of the plain program without demos.</param>
/// <param name="FewShot">Accuracy with bootstrapped demos (the mean over the demo sets).</param>
/// <param name="Lora">Accuracy without demos after a LoRA fine-tune on correct traces.</param>
/// <param name="CorrectTraces">Correct train traces collected (demos and fine-tuning data).</param>
/// <param name="TrainItems">Train items run.</param>
/// <param name="Demos">Demos per predictor used in the few-shot condition.</param>
/// <param name="ParseFailures">Zero-shot test runs whose reply did not parse.</param>
public sealed record GateResult(string Task, string Chance, int TestItems, double ZeroShot, double FewShot, double Lora, int CorrectTraces, int TrainItems, int Demos, int ParseFailures)
{
    /// <summary>The few-shot accuracy of the worst demo set.</summary>
    public double FewShotLow { get; init; } = FewShot;

    /// <summary>The few-shot accuracy of the best demo set.</summary>
    public double FewShotHigh { get; init; } = FewShot;

    /// <summary>
    /// Accuracy with labeled train items as demos (inputs and answer, no reasoning; LabeledFewShot-style), the mean
    /// over seeded demo sets; null when the family has no labeled demos.
    /// </summary>
    public double? LabeledFewShot { get; init; }

    /// <summary>The labeled few-shot accuracy of the worst demo set; null when there is none.</summary>
    public double? LabeledFewShotLow { get; init; }

    /// <summary>The labeled few-shot accuracy of the best demo set; null when there is none.</summary>
    public double? LabeledFewShotHigh { get; init; }

    /// <summary>How far above chance zero-shot must be to count as clearly above it: 5 points.</summary>
    public const double ClearMargin = 0.05;

    /// <summary>Zero-shot accuracy below which the family leaves room to gain: 90 %.</summary>
    public const double FarFromPerfect = 0.9;

    /// <summary>
    /// Rounding slack when comparing accuracies: a mean over demo sets of item fractions that equals zero-shot in
    /// items can differ from it in the last bit (<c>(0.66 + 0.78 + 0.66) / 3</c> is a hair above <c>0.70</c>), and
    /// that must not count as a gain.
    /// </summary>
    public const double Tolerance = 1e-9;

    /// <summary>Chance accuracy as a fraction.</summary>
    public double ChanceAccuracy { get; init; }

    /// <summary>
    /// The gate's conditions this family misses, empty when it meets them all: zero-shot clearly above chance
    /// (<see cref="ClearMargin"/>) but far from perfect (below <see cref="FarFromPerfect"/>), demos raising it (the
    /// few-shot mean with bootstrapped demos or the one with labeled demos above zero-shot: the prompt optimizer's
    /// random search draws on both), and the LoRA figure above zero-shot.
    /// </summary>
    public IReadOnlyList<string> Unmet =>
    [
        .. ZeroShot < ChanceAccuracy + ClearMargin ? ["zero-shot near chance"] : Array.Empty<string>(),
        .. ZeroShot >= FarFromPerfect ? ["zero-shot near perfect"] : Array.Empty<string>(),
        .. FewShot <= ZeroShot + Tolerance && !(LabeledFewShot > ZeroShot + Tolerance) ? ["demos do not raise it"] : Array.Empty<string>(),
        .. Lora <= ZeroShot + Tolerance ? ["LoRA does not raise it"] : Array.Empty<string>(),
    ];
}
