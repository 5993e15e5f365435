namespace BetterTogether.Engine.Training;

/// <summary>Linear warm-up to the peak, then constant or cosine decay to zero (HF's schedules, 0-based steps).</summary>
/// <param name="PeakLearningRate">The learning rate after warm-up.</param>
/// <param name="WarmupSteps">Optimizer steps of linear warm-up.</param>
/// <param name="TotalSteps">All optimizer steps (for the cosine).</param>
/// <param name="Cosine">True for cosine decay after warm-up, false for constant.</param>
public sealed record LearningRateSchedule(double PeakLearningRate, int WarmupSteps, int TotalSteps, bool Cosine)
{
    /// <summary>The learning rate for optimizer step <paramref name="step"/> (0-based).</summary>
    /// <param name="step">The step index.</param>
    /// <returns>The learning rate.</returns>
    public double At(int step)
    {
        if (step < WarmupSteps)
        {
            return PeakLearningRate * (step + 1) / WarmupSteps;
        }

        if (!Cosine)
        {
            return PeakLearningRate;
        }

        var progress = (double)(step - WarmupSteps) / Math.Max(1, TotalSteps - WarmupSteps);
        return PeakLearningRate * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(1.0, progress)));
    }
}
