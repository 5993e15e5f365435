using BetterTogether.Engine.Model;

namespace BetterTogether.Engine.Lora;

/// <summary>LoRA settings: rank, alpha (update scaled by alpha / r), dropout on the LoRA input, target modules.</summary>
public sealed record LoraConfig
{
    /// <summary>Rank r.</summary>
    public int Rank { get; init; } = 8;

    /// <summary>Alpha; the scaling is <c>Alpha / Rank</c>.</summary>
    public double Alpha { get; init; } = 16;

    /// <summary>Dropout probability on the LoRA input path (training only).</summary>
    public double Dropout { get; init; }

    /// <summary>Adapted projections (default: all seven linear projections).</summary>
    public IReadOnlyList<LinearModule> TargetModules { get; init; } = LinearModules.All;

    /// <summary>The base model the adapter belongs to (<c>base_model_name_or_path</c>).</summary>
    public string BaseModelNameOrPath { get; init; } = string.Empty;

    /// <summary>The LoRA scaling <c>alpha / r</c>.</summary>
    public float Scaling => (float)(Alpha / Rank);

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    /// <exception cref="ArgumentException">No target modules.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Rank);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Alpha);
        ArgumentOutOfRangeException.ThrowIfNegative(Dropout);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(Dropout, 1.0);
        ArgumentNullException.ThrowIfNull(TargetModules);
        if (TargetModules.Count == 0)
        {
            throw new ArgumentException("LoRA needs at least one target module.", nameof(TargetModules));
        }
    }
}
