namespace BetterTogether.Cli.Serve.OpenAi;

/// <summary>A LoRA adapter in service.</summary>
/// <param name="Name">The model name requests use (vLLM's <c>lora_name</c>).</param>
/// <param name="Path">The PEFT folder it was loaded from.</param>
/// <param name="EngineKey">The key it is registered under in the engine client (unique per load, so a reload never serves stale weights).</param>
/// <param name="Created">When it was loaded.</param>
internal sealed record ServedAdapter(string Name, string Path, string EngineKey, DateTimeOffset Created);
