using Azure.Core;
using BetterTogether.OpenAI.Adapters;
using BetterTogether.OpenAI.Chat;
using BetterTogether.OpenAI.Resilience;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace BetterTogether.OpenAI.Configuration;

/// <summary>Builds the OpenAI-compatible LM (<see cref="OpenAIChatPipeline"/>, and for vLLM its adapter loader) from <see cref="OpenAIEndpointSettings"/>.</summary>
public static class OpenAIChatClientFactory
{
    /// <summary>One pooled HTTP client for every endpoint built without one (recommended over a client per call).</summary>
    private static readonly Lazy<HttpClient> SharedHttpClient = new(() => new HttpClient(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    });

    /// <summary>Builds a client from settings alone.</summary>
    /// <param name="settings">Endpoint, key, model and resilience knobs; validated here.</param>
    /// <param name="credential">The Entra credential used when <see cref="OpenAIEndpointSettings.ApiKey"/> is <c>entra</c> (e.g. Azure.Identity's <c>DefaultAzureCredential</c>).</param>
    /// <param name="httpClient">The transport; null shares one pooled client.</param>
    /// <param name="loggerFactory">Receives LM-call, retry, circuit and adapter events.</param>
    /// <param name="configureResilience">Adjusts the resilience settings after the settings' knobs are applied.</param>
    /// <returns>The client; for <see cref="OpenAIEndpointKind.Vllm"/> it loads adapters named in requests (and disposes its loader).</returns>
    /// <exception cref="ArgumentException">A setting is missing or inconsistent (e.g. <c>entra</c> without a credential).</exception>
    public static IChatClient Create(
        OpenAIEndpointSettings settings,
        TokenCredential? credential = null,
        HttpClient? httpClient = null,
        ILoggerFactory? loggerFactory = null,
        Action<OpenAIResilienceOptions>? configureResilience = null)
    {
        var options = CreateOptions(settings, credential, httpClient, configureResilience);
        IAdapterServingClient? adapters = null;
        if (settings.Kind == OpenAIEndpointKind.Vllm)
        {
            var loaderResilience = new OpenAIResilienceOptions();
            Apply(settings, loaderResilience);
            configureResilience?.Invoke(loaderResilience);
            adapters = new VllmAdapterLoader(
                options.HttpClient ?? SharedHttpClient.Value,
                new VllmAdapterLoaderOptions { Endpoint = options.Endpoint, ApiKey = settings.ApiKey, Resilience = loaderResilience },
                loggerFactory);
        }

        return OpenAIChatPipeline.Create(options, adapters, loggerFactory, ownsAdapters: adapters is not null);
    }

    /// <summary>Translates settings into validated client options (exposed for inspection and custom wiring).</summary>
    /// <param name="settings">The settings; validated here.</param>
    /// <param name="credential">The Entra credential for <c>entra</c>.</param>
    /// <param name="httpClient">The transport; null shares one pooled client.</param>
    /// <param name="configureResilience">Adjusts the resilience settings.</param>
    /// <returns>Validated options.</returns>
    /// <exception cref="ArgumentException">A setting is missing or inconsistent.</exception>
    public static OpenAIChatClientOptions CreateOptions(
        OpenAIEndpointSettings settings,
        TokenCredential? credential = null,
        HttpClient? httpClient = null,
        Action<OpenAIResilienceOptions>? configureResilience = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        if (settings.UsesEntra && credential is null)
        {
            throw new ArgumentException("OpenAIEndpointSettings.ApiKey is 'entra' but no TokenCredential was given (pass e.g. Azure.Identity's DefaultAzureCredential).", nameof(credential));
        }

        var isAzure = settings.Kind == OpenAIEndpointKind.AzureOpenAI;
        var options = new OpenAIChatClientOptions
        {
            Endpoint = NormalizeEndpoint(settings.Kind, new Uri(settings.Endpoint!)),
            DefaultModelId = settings.EffectiveModel,
            ApiKey = settings.UsesEntra ? null : settings.ApiKey,
            ApiKeyHeaderName = isAzure && !settings.UsesEntra ? "api-key" : null,
            TokenCredential = settings.UsesEntra ? credential : null,
            HttpClient = httpClient ?? SharedHttpClient.Value,
            ProviderName = settings.Kind switch
            {
                OpenAIEndpointKind.Vllm => "vllm",
                OpenAIEndpointKind.AzureOpenAI => "azure-openai",
                _ => "openai-compatible",
            },
        };
        Apply(settings, options.Resilience);
        configureResilience?.Invoke(options.Resilience);
        options.Validate();
        return options;
    }

    /// <summary>Gives each kind the base URL its chat-completions path hangs off.</summary>
    internal static Uri NormalizeEndpoint(OpenAIEndpointKind kind, Uri endpoint)
    {
        var text = endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/');
        switch (kind)
        {
            case OpenAIEndpointKind.AzureOpenAI when !text.EndsWith("/openai/v1", StringComparison.OrdinalIgnoreCase):
                text = text.EndsWith("/openai", StringComparison.OrdinalIgnoreCase) ? text + "/v1" : text + "/openai/v1";
                break;
            case OpenAIEndpointKind.Vllm when !text.EndsWith("/v1", StringComparison.OrdinalIgnoreCase):
                text += "/v1";
                break;
            default:
                break;
        }

        return new Uri(text + "/");
    }

    private static void Apply(OpenAIEndpointSettings settings, OpenAIResilienceOptions resilience)
    {
        if (settings.MaxConcurrentRequests is { } concurrency)
        {
            resilience.MaxConcurrentRequests = concurrency;
        }

        if (settings.MaxRetries is { } retries)
        {
            resilience.MaxRetries = retries;
        }

        if (settings.AttemptTimeoutSeconds is { } attempt)
        {
            resilience.AttemptTimeout = TimeSpan.FromSeconds(attempt);
        }

        if (settings.TotalTimeoutSeconds is { } total)
        {
            resilience.TotalTimeout = TimeSpan.FromSeconds(total);
        }
    }
}
