using BetterTogether.Engine.Model;
using BetterTogether.Hosting;
using BetterTogether.OpenAI.Configuration;
using Microsoft.Extensions.AI;

namespace BetterTogether.Cli.Optimize;

/// <summary>
/// The LM of <c>bt optimize</c> and <c>bt paper-table</c> runs, built by the composition root (<see cref="HostedLm"/>):
/// the in-process engine over a local model folder, or an OpenAI-compatible endpoint. Loaded once, shared by runs.
/// </summary>
internal sealed class LmSetup : IDisposable
{
    private LmSetup(HostedLm hosted) => Hosted = hosted;

    /// <summary>The LM as the composition root built it.</summary>
    public HostedLm Hosted { get; }

    /// <summary>The chat client with LM telemetry (no cache, no metering: the backend adds those).</summary>
    public IChatClient Client => Hosted.Client;

    /// <summary>The model id requests name and fine-tuning uses as the base model.</summary>
    public string ModelId => Hosted.ModelId;

    /// <summary>For reports: the model folder or the endpoint and model.</summary>
    public string Description => Hosted.Description;

    /// <summary>What a derived run id keys the model by: its id (with a local folder's content fingerprint) and where it is.</summary>
    public string RunKey => $"{ModelId} {Description}";

    /// <summary>Loads a local model folder into the engine; its model id follows the one rule (<see cref="Engine.Serving.LocalModel.IdOf"/>).</summary>
    /// <exception cref="OptimizeInputException">The folder is missing or is not a loadable model.</exception>
    public static LmSetup FromModelFolder(string model, string currentDirectory)
    {
        var folder = ModelLocator.Resolve(model, currentDirectory);
        try
        {
            return new LmSetup(HostedLm.Create(new LmOptions { ModelFolder = folder }));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or FormatException or ArgumentException or System.Text.Json.JsonException or ModelFormatException)
        {
            throw new OptimizeInputException($"--model '{folder}' could not be loaded: {e.Message}", e);
        }
    }

    /// <summary>Uses an OpenAI-compatible endpoint (no local fine-tuning: weight steps need a local model).</summary>
    /// <exception cref="OptimizeInputException">A setting is missing or invalid.</exception>
    public static LmSetup FromEndpoint(Uri endpoint, string model, string? apiKey)
    {
        var settings = new OpenAIEndpointSettings { Endpoint = endpoint.ToString(), Model = model, ApiKey = apiKey };
        try
        {
            return new LmSetup(HostedLm.Create(new LmOptions { Endpoint = settings, ModelId = model }));
        }
        catch (ArgumentException e)
        {
            throw new OptimizeInputException($"--lm-endpoint: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public void Dispose() => Hosted.Dispose();
}
