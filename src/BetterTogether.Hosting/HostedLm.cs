using BetterTogether.Engine.Serving;
using BetterTogether.OpenAI.Configuration;
using BetterTogether.OpenAI.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace BetterTogether.Hosting;

/// <summary>
/// An LM built from <see cref="LmOptions"/>: the chat client (with LM telemetry; no cache, no metering: runs add those),
/// the model id and, for a local folder, the loaded model. Expensive to build (a model load), so hosts that run many
/// environments over one model share it; disposing it disposes the client.
/// </summary>
public sealed class HostedLm : IDisposable
{
    private HostedLm(IChatClient client, string modelId, string description, LocalModel? localModel)
    {
        Client = client;
        ModelId = modelId;
        Description = description;
        LocalModel = localModel;
    }

    /// <summary>The chat client.</summary>
    public IChatClient Client { get; }

    /// <summary>The model id requests name and fine-tuning uses as the base model.</summary>
    public string ModelId { get; }

    /// <summary>For reports: the model folder, or the model at the endpoint.</summary>
    public string Description { get; }

    /// <summary>The in-process model of <see cref="LmOptions.ModelFolder"/>, if any (the base model of in-process fine-tuning).</summary>
    public LocalModel? LocalModel { get; }

    /// <summary>True when requests go to the in-process engine (which loads adapters from local folders).</summary>
    public bool IsInProcess { get; private init; }

    /// <summary>Builds the LM.</summary>
    /// <param name="options">The LM settings.</param>
    /// <param name="loggerFactory">Logs LM calls and endpoint retries.</param>
    /// <returns>The LM.</returns>
    /// <exception cref="ArgumentException">The options or the endpoint settings are invalid.</exception>
    /// <exception cref="IOException">The model folder cannot be read.</exception>
    /// <exception cref="Engine.Model.ModelFormatException">The model folder is not a loadable model.</exception>
    public static HostedLm Create(LmOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var folder = string.IsNullOrWhiteSpace(options.ModelFolder) ? null : Path.GetFullPath(options.ModelFolder);
        var local = folder is null ? null : Engine.Serving.LocalModel.Load(folder, options.Endpoint is null ? options.ModelId : null);
        if (options.Endpoint is not { } endpoint)
        {
            return new HostedLm(new EngineChatClient(local!).WithLmTelemetry(loggerFactory), local!.Name, folder!, local) { IsInProcess = true };
        }

        // An endpoint is asked for the name it serves: given, or the folder's name (a server loads a folder under it).
        var modelId = options.ModelId ?? endpoint.EffectiveModel ?? new DirectoryInfo(folder!).Name;
        var settings = CopyWithModel(endpoint, options.ModelId ?? endpoint.Model ?? modelId);
        var client = OpenAIChatClientFactory.Create(settings, options.Credential, loggerFactory: loggerFactory);
        return new HostedLm(client, modelId, $"{modelId} @ {endpoint.Endpoint}", local);
    }

    /// <inheritdoc/>
    public void Dispose() => Client.Dispose();

    private static OpenAIEndpointSettings CopyWithModel(OpenAIEndpointSettings s, string model) => new()
    {
        Kind = s.Kind,
        Endpoint = s.Endpoint,
        ApiKey = s.ApiKey,
        Model = model,
        Deployment = s.Deployment,
        MaxConcurrentRequests = s.MaxConcurrentRequests,
        MaxRetries = s.MaxRetries,
        AttemptTimeoutSeconds = s.AttemptTimeoutSeconds,
        TotalTimeoutSeconds = s.TotalTimeoutSeconds,
    };
}
