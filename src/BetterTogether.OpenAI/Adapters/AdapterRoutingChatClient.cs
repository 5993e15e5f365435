using System.Runtime.CompilerServices;
using BetterTogether.Core.LanguageModels;
using Microsoft.Extensions.AI;

namespace BetterTogether.OpenAI.Adapters;

/// <summary>
/// Sends a request that names an adapter (<see cref="ChatOptionKeys.AdapterName"/>) to that adapter as its model
/// (vLLM's LoRA convention), after loading it when a loader is given and the request says where the adapter is
/// (<see cref="ChatOptionKeys.AdapterLocation"/>). Requests without an adapter pass through unchanged.
/// </summary>
internal sealed class AdapterRoutingChatClient(IChatClient innerClient, IAdapterServingClient? adapters, bool ownsAdapters) : DelegatingChatClient(innerClient)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var routed = await RouteAsync(options, cancellationToken).ConfigureAwait(false);
        return await base.GetResponseAsync(messages, routed, cancellationToken).ConfigureAwait(false);
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var routed = await RouteAsync(options, cancellationToken).ConfigureAwait(false);
        await foreach (var update in base.GetStreamingResponseAsync(messages, routed, cancellationToken).ConfigureAwait(false))
        {
            yield return update;
        }
    }

    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType == typeof(IAdapterServingClient) ? adapters : base.GetService(serviceType, serviceKey);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && ownsAdapters && adapters is IDisposable disposable)
        {
            disposable.Dispose();
        }

        base.Dispose(disposing);
    }

    private async ValueTask<ChatOptions?> RouteAsync(ChatOptions? options, CancellationToken cancellationToken)
    {
        var properties = options?.AdditionalProperties;
        if (properties is null
            || !properties.TryGetValue(ChatOptionKeys.AdapterName, out var nameValue)
            || nameValue is not string { Length: > 0 } adapterName)
        {
            return options;
        }

        if (adapters is not null
            && properties.TryGetValue(ChatOptionKeys.AdapterLocation, out var locationValue)
            && locationValue is string { Length: > 0 } location)
        {
            await adapters.EnsureLoadedAsync(new AdapterReference(adapterName, location), cancellationToken).ConfigureAwait(false);
        }

        // A copy: the caller's options (and the cache key computed from them) stay as they were.
        var routed = options!.Clone();
        routed.ModelId = adapterName;
        return routed;
    }
}
