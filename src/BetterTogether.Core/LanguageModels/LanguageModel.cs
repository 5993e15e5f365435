using Microsoft.Extensions.AI;

namespace BetterTogether.Core.LanguageModels;

/// <summary>
/// The LM a predictor calls: an <see cref="IChatClient"/>, the model id to ask for, an optional
/// LoRA adapter served on top of it, and default sampling settings.
/// </summary>
/// <remarks>
/// Adapters travel to the client through <see cref="ChatOptions.AdditionalProperties"/>
/// (<see cref="ChatOptionKeys"/>), so any <see cref="IChatClient"/> (the in-process engine, an
/// OpenAI-compatible server) can resolve them its own way.
/// </remarks>
public sealed class LanguageModel
{
    /// <summary>Creates an LM handle.</summary>
    /// <param name="client">The chat client that serves the model.</param>
    /// <param name="modelId">The base model id.</param>
    /// <param name="adapter">An optional LoRA adapter applied unmerged.</param>
    /// <param name="temperature">Default sampling temperature (0 = greedy).</param>
    /// <param name="maxOutputTokens">Default cap on generated tokens.</param>
    public LanguageModel(IChatClient client, string modelId, AdapterReference? adapter = null, float temperature = 0f, int maxOutputTokens = 256)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        ArgumentOutOfRangeException.ThrowIfNegative(temperature);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxOutputTokens);
        Client = client;
        ModelId = modelId;
        Adapter = adapter;
        Temperature = temperature;
        MaxOutputTokens = maxOutputTokens;
    }

    /// <summary>The chat client that serves the model.</summary>
    public IChatClient Client { get; }

    /// <summary>The base model id.</summary>
    public string ModelId { get; }

    /// <summary>The LoRA adapter applied on top of the base model, if any.</summary>
    public AdapterReference? Adapter { get; }

    /// <summary>Default sampling temperature.</summary>
    public float Temperature { get; }

    /// <summary>Default cap on generated tokens.</summary>
    public int MaxOutputTokens { get; }

    /// <summary>Returns the same LM serving <paramref name="adapter"/> (or the bare base model when null).</summary>
    public LanguageModel WithAdapter(AdapterReference? adapter) => new(Client, ModelId, adapter, Temperature, MaxOutputTokens);

    /// <summary>Returns the same LM with another default temperature.</summary>
    public LanguageModel WithTemperature(float temperature) => new(Client, ModelId, Adapter, temperature, MaxOutputTokens);

    /// <summary>Builds the <see cref="ChatOptions"/> for one call, carrying model, adapter and sampling settings.</summary>
    /// <param name="temperature">Overrides the default temperature when set.</param>
    /// <param name="rolloutId">Distinguishes otherwise identical calls (a fresh cache key), as DSPy's rollout id.</param>
    public ChatOptions CreateOptions(float? temperature = null, int? rolloutId = null)
    {
        var options = new ChatOptions
        {
            ModelId = ModelId,
            Temperature = temperature ?? Temperature,
            MaxOutputTokens = MaxOutputTokens,
            AdditionalProperties = [],
        };
        if (Adapter is not null)
        {
            options.AdditionalProperties[ChatOptionKeys.AdapterName] = Adapter.Name;
            options.AdditionalProperties[ChatOptionKeys.AdapterLocation] = Adapter.Location;
        }

        if (rolloutId is not null)
        {
            options.AdditionalProperties[ChatOptionKeys.RolloutId] = rolloutId.Value;
        }

        return options;
    }
}
