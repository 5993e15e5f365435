namespace BetterTogether.Core.LanguageModels;

/// <summary>
/// Names a LoRA adapter that an LM serves unmerged on top of its base model.
/// </summary>
/// <param name="Name">The name the serving engine knows the adapter by (vLLM's <c>lora_name</c>).</param>
/// <param name="Location">Where the PEFT adapter folder lives: a local path or an artifact-store URI.</param>
public sealed record AdapterReference(string Name, string Location)
{
    /// <summary>Validates the reference.</summary>
    /// <exception cref="ArgumentException">A field is empty.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Name);
        ArgumentException.ThrowIfNullOrWhiteSpace(Location);
    }
}
