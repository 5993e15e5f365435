using BetterTogether.Durable;
using BetterTogether.Hosting;
using BetterTogether.OpenAI.Configuration;

namespace BetterTogether.Cli.Hosting;

/// <summary>How <c>bt</c> composes a run environment: the artifact store, the LM and the fine-tuner.</summary>
public sealed class OptimizationHostOptions
{
    /// <summary>The artifact store: a folder, <c>file:…</c>, <c>UseDevelopmentStorage=true</c>, a connection string or a blob URL.</summary>
    public string Store { get; init; } = ".bt/store";

    /// <summary>A Hugging Face model folder served by the in-process engine (also the base model of fine-tuning).</summary>
    public string? ModelPath { get; init; }

    /// <summary>An OpenAI-compatible endpoint to call instead of the in-process engine (e.g. <c>http://localhost:8000/v1</c>).</summary>
    public string? LmEndpoint { get; init; }

    /// <summary>The endpoint's API key, when it needs one.</summary>
    public string? LmApiKey { get; init; }

    /// <summary>
    /// The model id requests name. Default: for the in-process engine, the one rule of every host,
    /// <c>{folder name}@{content fingerprint}</c> (<see cref="Engine.Serving.LocalModel.IdOf"/>); for an endpoint, the
    /// model folder's name.
    /// </summary>
    public string? ModelId { get; init; }

    /// <summary>
    /// Where the in-process fine-tuner trains PEFT adapters (default: <c>.bt/adapters</c>). Each finished adapter is
    /// stored in the artifact store (<c>adapters/{jobId}/</c>), which is what programs name.
    /// </summary>
    public string AdapterRoot { get; init; } = ".bt/adapters";

    /// <summary>The embedded backend's database of <c>bt serve</c> (each <c>bt optimize</c> run has its own).</summary>
    public const string DefaultDurableDatabase = ".bt/durable/serve.db";

    /// <summary>The Durable backend the runs are kept in (embedded SQLite by default, or Azure Storage).</summary>
    public DurableBackendOptions Durable { get; init; } = new() { EmbeddedDatabasePath = DefaultDurableDatabase };

    /// <summary>The composition root's options for these settings.</summary>
    public OptimizationEnvironmentOptions ToEnvironmentOptions() => new()
    {
        Store = Store,
        Lm = new LmOptions
        {
            ModelFolder = ModelPath,
            ModelId = ModelId,
            Endpoint = string.IsNullOrWhiteSpace(LmEndpoint) ? null : new OpenAIEndpointSettings { Endpoint = LmEndpoint, ApiKey = LmApiKey, Model = ModelId },
        },
        AdapterRoot = Path.GetFullPath(AdapterRoot),
    };

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">No LM is configured, or a value is out of range.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Store);
        ArgumentException.ThrowIfNullOrWhiteSpace(AdapterRoot);
        ArgumentNullException.ThrowIfNull(Durable);
        Durable.Validate();
        if (string.IsNullOrWhiteSpace(ModelPath) && string.IsNullOrWhiteSpace(LmEndpoint))
        {
            throw new ArgumentException("No LM configured: pass --model <folder> (in-process engine) or --lm-endpoint <url> (OpenAI-compatible).");
        }

        if (!string.IsNullOrWhiteSpace(LmEndpoint) && string.IsNullOrWhiteSpace(ModelId) && string.IsNullOrWhiteSpace(ModelPath))
        {
            throw new ArgumentException("--lm-endpoint needs --model-id (the model name the endpoint serves).");
        }
    }
}
