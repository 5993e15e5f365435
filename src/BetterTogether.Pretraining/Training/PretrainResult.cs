namespace BetterTogether.Pretraining.Training;

/// <summary>What a pretraining run did.</summary>
/// <param name="Options">The settings.</param>
/// <param name="Documents">Documents trained on (after dropping over-long ones).</param>
/// <param name="DroppedDocuments">Documents left out because they exceeded the context.</param>
/// <param name="Tokens">Tokens in the training documents.</param>
/// <param name="TargetTokens">Tokens the loss was computed on (assistant replies).</param>
/// <param name="StepsDone">Optimizer steps completed.</param>
/// <param name="StepsPlanned">Optimizer steps planned.</param>
/// <param name="LossCurve">(step, mean loss over the preceding window) pairs.</param>
/// <param name="WallTime">Wall time of this invocation.</param>
/// <param name="Parameters">Model parameters.</param>
public sealed record PretrainResult(
    PretrainOptions Options,
    int Documents,
    int DroppedDocuments,
    long Tokens,
    long TargetTokens,
    int StepsDone,
    int StepsPlanned,
    IReadOnlyList<(int Step, double Loss)> LossCurve,
    TimeSpan WallTime,
    long Parameters)
{
    /// <summary>Steps of the copy warm-up that opened the run (0: none, or continued from another model).</summary>
    public int WarmupSteps { get; init; }

    /// <summary>True when the run stopped before finishing its schedule.</summary>
    public bool StoppedEarly => StepsDone < StepsPlanned;
}
