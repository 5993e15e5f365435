using Azure.Core;
using BetterTogether.OpenAI.Resilience;

namespace BetterTogether.OpenAI.Chat;

/// <summary>Settings of the client <see cref="OpenAIChatPipeline"/> builds; validated by <see cref="Validate"/> when it is built.</summary>
public sealed class OpenAIChatClientOptions
{
    /// <summary>The Entra scope of Azure OpenAI / Azure AI Foundry.</summary>
    public const string CognitiveServicesScope = "https://cognitiveservices.azure.com/.default";

    /// <summary>The OpenAI-compatible base URL, including the version path: <c>http://host:8000/v1/</c>, <c>https://{resource}.openai.azure.com/openai/v1/</c>.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The API key; null with no <see cref="TokenCredential"/> sends vLLM's conventional placeholder <c>EMPTY</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The header that carries <see cref="ApiKey"/>: null for <c>Authorization: Bearer</c>, <c>api-key</c> for Azure OpenAI.</summary>
    public string? ApiKeyHeaderName { get; set; }

    /// <summary>An Entra credential (Azure OpenAI); exclusive with <see cref="ApiKey"/>.</summary>
    public TokenCredential? TokenCredential { get; set; }

    /// <summary>The scope requested for <see cref="TokenCredential"/>. Default <see cref="CognitiveServicesScope"/>.</summary>
    public string TokenScope { get; set; } = CognitiveServicesScope;

    /// <summary>The model (or Azure deployment) used when a call's <c>ChatOptions.ModelId</c> is null.</summary>
    public string? DefaultModelId { get; set; }

    /// <summary>The retry, timeout, breaker and rate-limit settings.</summary>
    public OpenAIResilienceOptions Resilience { get; set; } = new();

    /// <summary>An optional HTTP client used as transport (its own timeout should be infinite: the pipeline times calls).</summary>
    public HttpClient? HttpClient { get; set; }

    /// <summary>Names the provider in <c>ChatClientMetadata</c>. Default <c>openai-compatible</c>.</summary>
    public string ProviderName { get; set; } = "openai-compatible";

    /// <summary>Checks every setting and names the first bad one.</summary>
    /// <exception cref="ArgumentException">A setting is missing or inconsistent.</exception>
    public void Validate()
    {
        if (Endpoint is null || !Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttp && Endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"OpenAIChatClientOptions.Endpoint must be an absolute http(s) URL, got '{Endpoint}'.", nameof(Endpoint));
        }

        if (string.IsNullOrWhiteSpace(DefaultModelId))
        {
            throw new ArgumentException("OpenAIChatClientOptions.DefaultModelId is required (the model or Azure deployment name).", nameof(DefaultModelId));
        }

        if (ApiKey is not null && TokenCredential is not null)
        {
            throw new ArgumentException("OpenAIChatClientOptions: set ApiKey or TokenCredential, not both.", nameof(TokenCredential));
        }

        if (ApiKey is not null && string.IsNullOrWhiteSpace(ApiKey))
        {
            throw new ArgumentException("OpenAIChatClientOptions.ApiKey is blank.", nameof(ApiKey));
        }

        if (TokenCredential is not null && Endpoint.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"OpenAIChatClientOptions.Endpoint must be https when a TokenCredential is set (bearer tokens are never sent in clear), got '{Endpoint}'.", nameof(Endpoint));
        }

        if (TokenCredential is not null && string.IsNullOrWhiteSpace(TokenScope))
        {
            throw new ArgumentException("OpenAIChatClientOptions.TokenScope is required with a TokenCredential.", nameof(TokenScope));
        }

        if (ApiKeyHeaderName is not null && string.IsNullOrWhiteSpace(ApiKeyHeaderName))
        {
            throw new ArgumentException("OpenAIChatClientOptions.ApiKeyHeaderName is blank.", nameof(ApiKeyHeaderName));
        }

        ArgumentNullException.ThrowIfNull(Resilience, nameof(Resilience));
        Resilience.Validate();
    }

    /// <summary>The endpoint with a trailing slash, so relative paths append rather than replace its last segment.</summary>
    internal Uri NormalizedEndpoint => Endpoint!.AbsoluteUri.EndsWith('/') ? Endpoint : new Uri(Endpoint.AbsoluteUri + "/");
}
