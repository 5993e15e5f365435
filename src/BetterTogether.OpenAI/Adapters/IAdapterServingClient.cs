using BetterTogether.Core.LanguageModels;

namespace BetterTogether.OpenAI.Adapters;

/// <summary>Puts LoRA adapters into service on a serving engine, so requests can name them as their model.</summary>
public interface IAdapterServingClient
{
    /// <summary>Makes sure <paramref name="adapter"/> is loaded under its name; a no-op when it already is.</summary>
    /// <param name="adapter">The adapter's serving name and location (as the server can read it).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the adapter can be used by name.</returns>
    ValueTask EnsureLoadedAsync(AdapterReference adapter, CancellationToken cancellationToken = default);

    /// <summary>Takes the adapter named <paramref name="adapterName"/> out of service; a no-op when it is not loaded.</summary>
    /// <param name="adapterName">The adapter's serving name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the adapter is unloaded.</returns>
    ValueTask UnloadAsync(string adapterName, CancellationToken cancellationToken = default);
}
