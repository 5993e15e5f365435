using System.Globalization;

namespace BetterTogether.OpenAI.Configuration;

/// <summary>
/// The few settings that point a BetterTogether run at an OpenAI-compatible endpoint; read them from the
/// environment with <see cref="FromEnvironment"/> and build a client with <see cref="OpenAIChatClientFactory"/>.
/// </summary>
public sealed class OpenAIEndpointSettings
{
    /// <summary>The <see cref="ApiKey"/> value that selects Entra ID (token) authentication.</summary>
    public const string EntraApiKey = "entra";

    /// <summary>The default prefix of environment variables (<c>BT_LM_ENDPOINT</c>, <c>BT_LM_API_KEY</c>...).</summary>
    public const string DefaultEnvironmentPrefix = "BT_LM_";

    /// <summary>The server kind. Default <see cref="OpenAIEndpointKind.OpenAICompatible"/>.</summary>
    public OpenAIEndpointKind Kind { get; set; } = OpenAIEndpointKind.OpenAICompatible;

    /// <summary>The endpoint URL (for Azure OpenAI the resource URL, e.g. <c>https://myres.openai.azure.com</c>).</summary>
    public string? Endpoint { get; set; }

    /// <summary>The API key, or <see cref="EntraApiKey"/> for an Entra token; null for servers without auth.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The model id (the base model of a vLLM server).</summary>
    public string? Model { get; set; }

    /// <summary>The Azure OpenAI deployment name; used as the model on Azure (falls back to <see cref="Model"/>).</summary>
    public string? Deployment { get; set; }

    /// <summary>Concurrent requests allowed; null keeps the default.</summary>
    public int? MaxConcurrentRequests { get; set; }

    /// <summary>Retries per call; null keeps the default.</summary>
    public int? MaxRetries { get; set; }

    /// <summary>Per-attempt timeout in seconds; null keeps the default.</summary>
    public double? AttemptTimeoutSeconds { get; set; }

    /// <summary>Total timeout per call in seconds (retries included); null keeps the default.</summary>
    public double? TotalTimeoutSeconds { get; set; }

    /// <summary>Whether <see cref="ApiKey"/> selects Entra authentication.</summary>
    public bool UsesEntra => string.Equals(ApiKey, EntraApiKey, StringComparison.OrdinalIgnoreCase);

    /// <summary>The model requests name: the deployment on Azure OpenAI, else the model.</summary>
    public string? EffectiveModel => Kind == OpenAIEndpointKind.AzureOpenAI ? Deployment ?? Model : Model;

    /// <summary>
    /// Reads <c>{prefix}KIND</c> (openai | vllm | azure), <c>ENDPOINT</c>, <c>API_KEY</c>, <c>MODEL</c>, <c>DEPLOYMENT</c>,
    /// <c>MAX_CONCURRENCY</c>, <c>MAX_RETRIES</c>, <c>ATTEMPT_TIMEOUT_S</c>, <c>TOTAL_TIMEOUT_S</c>.
    /// </summary>
    /// <param name="getVariable">Looks a variable up (e.g. <see cref="Environment.GetEnvironmentVariable(string)"/>).</param>
    /// <param name="prefix">The variables' prefix.</param>
    /// <returns>The settings; call <see cref="Validate"/> (the factory does).</returns>
    /// <exception cref="FormatException">A variable holds a value of the wrong shape; the message names it.</exception>
    public static OpenAIEndpointSettings FromEnvironment(Func<string, string?> getVariable, string prefix = DefaultEnvironmentPrefix)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        ArgumentNullException.ThrowIfNull(prefix);
        string? Get(string name) => getVariable(prefix + name) is { Length: > 0 } value ? value.Trim() : null;
        return new OpenAIEndpointSettings
        {
            Kind = ParseKind(Get("KIND"), prefix + "KIND"),
            Endpoint = Get("ENDPOINT"),
            ApiKey = Get("API_KEY"),
            Model = Get("MODEL"),
            Deployment = Get("DEPLOYMENT"),
            MaxConcurrentRequests = ParseInt(Get("MAX_CONCURRENCY"), prefix + "MAX_CONCURRENCY"),
            MaxRetries = ParseInt(Get("MAX_RETRIES"), prefix + "MAX_RETRIES"),
            AttemptTimeoutSeconds = ParseDouble(Get("ATTEMPT_TIMEOUT_S"), prefix + "ATTEMPT_TIMEOUT_S"),
            TotalTimeoutSeconds = ParseDouble(Get("TOTAL_TIMEOUT_S"), prefix + "TOTAL_TIMEOUT_S"),
        };
    }

    /// <summary>Checks that the settings describe a reachable endpoint and a model.</summary>
    /// <exception cref="ArgumentException">A setting is missing or malformed; the message names it.</exception>
    public void Validate()
    {
        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"OpenAIEndpointSettings.Endpoint must be an absolute http(s) URL, got '{Endpoint}'.", nameof(Endpoint));
        }

        if (string.IsNullOrWhiteSpace(EffectiveModel))
        {
            var what = Kind == OpenAIEndpointKind.AzureOpenAI ? "Deployment (or Model)" : "Model";
            throw new ArgumentException($"OpenAIEndpointSettings.{what} is required for a {Kind} endpoint.", Kind == OpenAIEndpointKind.AzureOpenAI ? nameof(Deployment) : nameof(Model));
        }
    }

    private static OpenAIEndpointKind ParseKind(string? value, string name) => value?.ToUpperInvariant() switch
    {
        null or "OPENAI" or "OPENAI-COMPATIBLE" or "OPENAICOMPATIBLE" => OpenAIEndpointKind.OpenAICompatible,
        "VLLM" => OpenAIEndpointKind.Vllm,
        "AZURE" or "AZURE-OPENAI" or "AZUREOPENAI" => OpenAIEndpointKind.AzureOpenAI,
        _ => throw new FormatException($"{name}='{value}' is not a known endpoint kind (openai, vllm, azure)."),
    };

    private static int? ParseInt(string? value, string name) => value is null
        ? null
        : int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : throw new FormatException($"{name}='{value}' is not an integer.");

    private static double? ParseDouble(string? value, string name) => value is null
        ? null
        : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : throw new FormatException($"{name}='{value}' is not a number.");
}
