using BetterTogether.Core.FineTuning;
using BetterTogether.Engine.FineTuning;
using BetterTogether.Engine.Model;
using BetterTogether.Engine.Serving;
using BetterTogether.OpenAI.Configuration;
using BetterTogether.OpenAI.Telemetry;
using Microsoft.Extensions.AI;

namespace BetterTogether.Cli.Optimize;

/// <summary>The LM a run uses: the in-process engine over a local model folder, or an OpenAI-compatible endpoint.</summary>
internal sealed class LmSetup : IDisposable
{
    private readonly LocalModel? _model;

    private LmSetup(IChatClient client, string modelId, string description, LocalModel? model)
    {
        Client = client;
        ModelId = modelId;
        Description = description;
        _model = model;
    }

    /// <summary>The chat client with LM telemetry (no cache, no metering: the backend adds those).</summary>
    public IChatClient Client { get; }

    /// <summary>The model id requests name and fine-tuning uses as the base model.</summary>
    public string ModelId { get; }

    /// <summary>For reports: the model folder or the endpoint and model.</summary>
    public string Description { get; }

    /// <summary>What a derived run id keys the model by: its id (with a local folder's content fingerprint) and where it is.</summary>
    public string RunKey => $"{ModelId} {Description}";

    /// <summary>Loads a local model folder into the engine.</summary>
    /// <exception cref="OptimizeInputException">The folder is missing or is not a loadable model.</exception>
    public static LmSetup FromModelFolder(string model, string currentDirectory)
    {
        var folder = ModelLocator.Resolve(model, currentDirectory);
        LocalModel local;
        try
        {
            // The model id carries the folder's content fingerprint, so a model retrained in place (bt pretrain)
            // gets fresh run ids and LM-cache entries instead of the old model's.
            local = LocalModel.Load(folder, $"{new DirectoryInfo(folder).Name}@{ModelFingerprint.Compute(folder)}");
        }
        catch (Exception e) when (e is IOException or InvalidDataException or FormatException or ArgumentException or System.Text.Json.JsonException or ModelFormatException)
        {
            throw new OptimizeInputException($"--model '{folder}' could not be loaded: {e.Message}", e);
        }

        return new LmSetup(new EngineChatClient(local).WithLmTelemetry(), local.Name, folder, local);
    }

    /// <summary>Uses an OpenAI-compatible endpoint (no local fine-tuning: weight steps need a local model).</summary>
    /// <exception cref="OptimizeInputException">A setting is missing or invalid.</exception>
    public static LmSetup FromEndpoint(Uri endpoint, string model, string? apiKey)
    {
        var settings = new OpenAIEndpointSettings { Endpoint = endpoint.ToString(), Model = model, ApiKey = apiKey };
        try
        {
            return new LmSetup(OpenAIChatClientFactory.Create(settings), model, $"{model} @ {endpoint}", null);
        }
        catch (ArgumentException e)
        {
            throw new OptimizeInputException($"--lm-endpoint: {e.Message}", e);
        }
    }

    /// <summary>A fine-tuner writing adapters under <paramref name="adapterRoot"/>; null for an endpoint.</summary>
    public InProcessFineTuner? CreateFineTuner(string adapterRoot) =>
        _model is null ? null : new InProcessFineTuner(_ => _model, adapterRoot);

    /// <inheritdoc />
    public void Dispose() => Client.Dispose();
}
