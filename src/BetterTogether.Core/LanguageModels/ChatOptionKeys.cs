namespace BetterTogether.Core.LanguageModels;

/// <summary>
/// Keys of <see cref="Microsoft.Extensions.AI.ChatOptions.AdditionalProperties"/> that BetterTogether sets
/// and that its chat clients (engine, OpenAI-compatible, cache) read.
/// </summary>
public static class ChatOptionKeys
{
    /// <summary>The LoRA adapter's serving name (string).</summary>
    public const string AdapterName = "bt.adapter_name";

    /// <summary>
    /// Where the PEFT adapter folder lives (string): <see cref="AdapterReference.Location"/>, an artifact-store path, which
    /// the host's middleware replaces with the local folder it fetched the adapter into before the engine loads it.
    /// </summary>
    public const string AdapterLocation = "bt.adapter_location";

    /// <summary>A rollout id (int) that makes an otherwise identical request a distinct cache entry.</summary>
    public const string RolloutId = "bt.rollout_id";
}
