using System.Runtime.CompilerServices;
using BetterTogether.Core.LanguageModels;
using Microsoft.Extensions.AI;

namespace BetterTogether.Workflow.Adapters;

/// <summary>
/// Middleware in front of an engine that loads adapters from local folders (the in-process engine): a request whose
/// adapter location (<see cref="ChatOptionKeys.AdapterLocation"/>) is an artifact-store path goes on with the local
/// folder <see cref="StoredAdapterCache"/> fetched it into. Requests without an adapter pass through unchanged. Put
/// it below response caches, so a cached answer fetches nothing; the adapter name (what cache keys hold) is unchanged.
/// </summary>
public sealed class StoredAdapterChatClient : DelegatingChatClient
{
    private readonly StoredAdapterCache _adapters;

    /// <summary>Creates the middleware.</summary>
    /// <param name="innerClient">The engine's client.</param>
    /// <param name="adapters">Where adapters are fetched from and kept.</param>
    public StoredAdapterChatClient(IChatClient innerClient, StoredAdapterCache adapters)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(adapters);
        _adapters = adapters;
    }

    /// <inheritdoc/>
    /// <exception cref="StoredAdapterNotFoundException">The request's adapter is not in the store.</exception>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var local = await LocalizeAsync(options, cancellationToken).ConfigureAwait(false);
        return await base.GetResponseAsync(messages, local, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <exception cref="StoredAdapterNotFoundException">The request's adapter is not in the store.</exception>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var local = await LocalizeAsync(options, cancellationToken).ConfigureAwait(false);
        await foreach (var update in base.GetStreamingResponseAsync(messages, local, cancellationToken).ConfigureAwait(false))
        {
            yield return update;
        }
    }

    private async Task<ChatOptions?> LocalizeAsync(ChatOptions? options, CancellationToken cancellationToken)
    {
        if (options?.AdditionalProperties is not { } properties
            || !properties.TryGetValue(ChatOptionKeys.AdapterLocation, out var value)
            || value?.ToString() is not { Length: > 0 } location)
        {
            return options;
        }

        var name = properties.TryGetValue(ChatOptionKeys.AdapterName, out var named) && named?.ToString() is { Length: > 0 } n ? n : location;
        var folder = await _adapters.GetLocalFolderAsync(new AdapterReference(name, location), cancellationToken).ConfigureAwait(false);
        var local = options.Clone();
        local.AdditionalProperties = new AdditionalPropertiesDictionary(properties) { [ChatOptionKeys.AdapterLocation] = folder };
        return local;
    }
}
