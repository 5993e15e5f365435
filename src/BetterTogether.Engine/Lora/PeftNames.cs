namespace BetterTogether.Engine.Lora;

/// <summary>PEFT's naming of adapter tensors.</summary>
internal static class PeftNames
{
    /// <summary>PEFT wraps the HF model twice: <c>base_model.model.</c> + the HF name.</summary>
    public const string Prefix = "base_model.model.";
}
