namespace BetterTogether.Trainer.TorchSharp.Training;

/// <summary>How <see cref="TorchLoraTrainer"/> spends memory; the optimisation itself is set by the engine's <c>LoraTrainerOptions</c>.</summary>
public sealed record TorchLoraTrainerSettings
{
    /// <summary>Gets the default number of target rows per chunk of the vocabulary projection.</summary>
    public const int DefaultLossChunkRows = 1024;

    /// <summary>
    /// Gets a value indicating whether to keep only each layer's input in the forward pass and recompute the layer
    /// during backward (about a third more compute; activation memory falls from all layers' to one layer's).
    /// </summary>
    public bool GradientCheckpointing { get; init; }

    /// <summary>
    /// Gets the target rows whose logits exist at once: the vocabulary projection and the loss run in chunks, each
    /// back-propagated before the next, so [targets × vocab] logits never exist whole.
    /// </summary>
    public int LossChunkRows { get; init; } = DefaultLossChunkRows;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate() => ArgumentOutOfRangeException.ThrowIfNegativeOrZero(LossChunkRows);
}
