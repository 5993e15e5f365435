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

    /// <summary>Zero-shot is above chance but far from perfect, and both demos and fine-tuning raise it.</summary>
    public bool Passed(double chance) => ZeroShot > chance && ZeroShot < 0.9 && FewShot > ZeroShot && Lora > ZeroShot;
}
