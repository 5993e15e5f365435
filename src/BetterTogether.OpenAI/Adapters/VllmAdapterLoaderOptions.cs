using BetterTogether.Core.LanguageModels;
using BetterTogether.OpenAI.Resilience;

namespace BetterTogether.OpenAI.Adapters;

/// <summary>Settings of <see cref="VllmAdapterLoader"/>; validated by <see cref="Validate"/> when the loader is built.</summary>
public sealed class VllmAdapterLoaderOptions
{
    /// <summary>The server's OpenAI base URL (<c>http://host:8000/v1/</c>); the loader posts to <c>load_lora_adapter</c> under it.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The server's API key (vLLM <c>--api-key</c>), sent as a bearer token; null for none.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Turns an adapter's location into a path the server can read (e.g. copies an artifact-store blob to a
    /// volume the server mounts); null sends <see cref="AdapterReference.Location"/> unchanged.
    /// </summary>
    public Func<AdapterReference, CancellationToken, ValueTask<string>>? LocationResolver { get; set; }

    /// <summary>The retry, timeout, breaker and rate-limit settings of load and unload calls.</summary>
    public OpenAIResilienceOptions Resilience { get; set; } = new();

    /// <summary>Checks every setting and names the first bad one.</summary>
    /// <exception cref="ArgumentException">A setting is missing or out of range.</exception>
    public void Validate()
    {
        if (Endpoint is null || !Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttp && Endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"VllmAdapterLoaderOptions.Endpoint must be an absolute http(s) URL, got '{Endpoint}'.", nameof(Endpoint));
        }

        if (ApiKey is not null && string.IsNullOrWhiteSpace(ApiKey))
        {
            throw new ArgumentException("VllmAdapterLoaderOptions.ApiKey is blank.", nameof(ApiKey));
        }

        ArgumentNullException.ThrowIfNull(Resilience, nameof(Resilience));
        Resilience.Validate();
    }
}
