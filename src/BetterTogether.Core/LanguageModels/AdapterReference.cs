namespace BetterTogether.Core.LanguageModels;

/// <summary>
/// Names a LoRA adapter that an LM serves unmerged on top of its base model.
/// </summary>
/// <param name="Name">The name the serving engine knows the adapter by (vLLM's <c>lora_name</c>).</param>
/// <param name="Location">
/// Where the PEFT adapter (<c>adapter_config.json</c> + <c>adapter_model.safetensors</c>) lives: its folder's path in
/// the run's artifact store, e.g. <c>adapters/bt-ft-…</c> (see <see cref="IsStorePath"/>). Program states written
/// before adapters were stored in the artifact store name an absolute local folder or a blob URL instead.
/// </param>
public sealed record AdapterReference(string Name, string Location)
{
    /// <summary>Validates the reference.</summary>
    /// <exception cref="ArgumentException">A field is empty.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Name);
        ArgumentException.ThrowIfNullOrWhiteSpace(Location);
    }

    /// <summary>True when <see cref="Location"/> is an artifact-store path rather than a local folder or a URL.</summary>
    public bool NamesStorePath() => IsStorePath(Location);

    /// <summary>
    /// True when <paramref name="location"/> is an artifact-store path: relative and '/'-separated, with no URI scheme
    /// (an absolute path, a <c>file:</c> URI or an <c>https://</c> URL is not).
    /// </summary>
    /// <param name="location">An adapter location.</param>
    public static bool IsStorePath(string? location) =>
        !string.IsNullOrWhiteSpace(location)
        && !Path.IsPathRooted(location)
        && !location.Contains('\\', StringComparison.Ordinal)
        && !location.Contains("://", StringComparison.Ordinal)
        && !location.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
}
