using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using BetterTogether.Core.LanguageModels;
using BetterTogether.OpenAI.Errors;
using BetterTogether.OpenAI.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BetterTogether.OpenAI.Adapters;

/// <summary>
/// Loads and unloads LoRA adapters on a vLLM server at run time (<c>POST /v1/load_lora_adapter</c>
/// <c>{"lora_name","lora_path"}</c>, <c>POST /v1/unload_lora_adapter</c> <c>{"lora_name"}</c>; the server needs
/// <c>VLLM_ALLOW_RUNTIME_LORA_UPDATING=True</c> and <c>--enable-lora</c>). Idempotent: an adapter this loader
/// has loaded is not loaded again, and the server's "already loaded" / "cannot be found" answers count as success.
/// </summary>
public sealed class VllmAdapterLoader : IAdapterServingClient, IDisposable
{
    private const string LoadOperation = "POST load_lora_adapter";
    private const string UnloadOperation = "POST unload_lora_adapter";

    private readonly HttpClient _http;
    private readonly VllmAdapterLoaderOptions _options;
    private readonly Uri _endpoint;
    private readonly OpenAIResiliencePipeline _pipeline;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, string> _loaded = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Creates a loader; validates <paramref name="options"/>.</summary>
    /// <param name="httpClient">The HTTP client to send with (its timeout should be infinite: the pipeline times calls).</param>
    /// <param name="options">Endpoint, key and resilience settings.</param>
    /// <param name="loggerFactory">Receives load, unload and retry events.</param>
    /// <exception cref="ArgumentException">An option is missing or out of range.</exception>
    public VllmAdapterLoader(HttpClient httpClient, VllmAdapterLoaderOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _http = httpClient;
        _options = options;
        _endpoint = options.Endpoint!.AbsoluteUri.EndsWith('/') ? options.Endpoint : new Uri(options.Endpoint.AbsoluteUri + "/");
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<VllmAdapterLoader>();
        _pipeline = new OpenAIResiliencePipeline(options.Resilience, _endpoint, _logger);
    }

    /// <summary>The adapters this loader has put into service, by name, with the path the server loaded.</summary>
    public IReadOnlyDictionary<string, string> LoadedAdapters => _loaded;

    /// <inheritdoc />
    /// <exception cref="OpenAIEndpointException">The server refused the adapter or could not be reached.</exception>
    public async ValueTask EnsureLoadedAsync(AdapterReference adapter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        adapter.Validate();
        if (_loaded.TryGetValue(adapter.Name, out var current) && current == adapter.Location)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_loaded.TryGetValue(adapter.Name, out current))
            {
                if (current == adapter.Location)
                {
                    return;
                }

                // Same name, new weights (a later weight step): vLLM refuses to reload a name, so unload first.
                await UnloadCoreAsync(adapter.Name, cancellationToken).ConfigureAwait(false);
            }

            var path = _options.LocationResolver is null
                ? adapter.Location
                : await _options.LocationResolver(adapter, cancellationToken).ConfigureAwait(false);
            await SendAsync(LoadOperation, "load_lora_adapter", new LoadRequest(adapter.Name, path), "already been loaded", cancellationToken).ConfigureAwait(false);
            _loaded[adapter.Name] = adapter.Location;
            Log.AdapterLoaded(_logger, adapter.Name, path, _endpoint);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    /// <exception cref="OpenAIEndpointException">The server refused the call or could not be reached.</exception>
    public async ValueTask UnloadAsync(string adapterName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(adapterName);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await UnloadCoreAsync(adapterName, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Releases the loader's lock.</summary>
    public void Dispose() => _gate.Dispose();

    private async ValueTask UnloadCoreAsync(string adapterName, CancellationToken cancellationToken)
    {
        await SendAsync(UnloadOperation, "unload_lora_adapter", new UnloadRequest(adapterName), "cannot be found", cancellationToken).ConfigureAwait(false);
        _loaded.TryRemove(adapterName, out _);
        Log.AdapterUnloaded(_logger, adapterName, _endpoint);
    }

    /// <summary>Posts <paramref name="body"/>; a 4xx whose message contains <paramref name="idempotentMessage"/> counts as done.</summary>
    private async ValueTask SendAsync<TBody>(string operation, string path, TBody body, string idempotentMessage, CancellationToken cancellationToken)
    {
        var uri = new Uri(_endpoint, path);
        await _pipeline.ExecuteAsync(
            operation,
            async token =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = JsonContent.Create(body) };
                if (_options.ApiKey is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
                }

                using var response = await _http.SendAsync(request, token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }

                var text = await response.Content.ReadAsStringAsync(token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                var error = OpenAIErrorParser.FromHttpResponse(status, text, response.Headers, operation, _endpoint, _options.Resilience.TimeProvider);
                if (status is >= 400 and < 500 && error.ServerMessage?.Contains(idempotentMessage, StringComparison.OrdinalIgnoreCase) == true)
                {
                    return true;
                }

                throw error;
            },
            cancellationToken).ConfigureAwait(false);
    }

    private sealed record LoadRequest(
        [property: System.Text.Json.Serialization.JsonPropertyName("lora_name")] string LoraName,
        [property: System.Text.Json.Serialization.JsonPropertyName("lora_path")] string LoraPath);

    private sealed record UnloadRequest(
        [property: System.Text.Json.Serialization.JsonPropertyName("lora_name")] string LoraName);
}
