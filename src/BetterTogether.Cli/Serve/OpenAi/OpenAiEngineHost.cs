using System.Collections.Concurrent;
using System.Globalization;
using BetterTogether.Engine.Peft;
using BetterTogether.Engine.Serving;
using BetterTogether.OpenAI.Telemetry;
using Microsoft.Extensions.AI;

namespace BetterTogether.Cli.Serve.OpenAi;

/// <summary>
/// What the OpenAI-compatible endpoints serve: one base model in the in-process engine, the LoRA adapters
/// loaded at run time (applied unmerged per request), and the admission limit that turns overload into 429s.
/// </summary>
public sealed class OpenAiEngineHost : IDisposable
{
    private readonly ConcurrentDictionary<string, ServedAdapter> _adapters = new(StringComparer.Ordinal);
    private readonly Lock _loadLock = new();
    private long _loads;

    /// <summary>Creates the host and its engine client.</summary>
    /// <param name="model">The base model; its <see cref="LocalModel.Name"/> is the base model id.</param>
    /// <param name="options">Settings (defaults when null); validated here.</param>
    /// <param name="timeProvider">Clock for <c>created</c> timestamps (default: system).</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public OpenAiEngineHost(LocalModel model, OpenAiServingOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Options = options ?? new OpenAiServingOptions();
        Options.Validate();
        Model = model;
        Time = timeProvider ?? TimeProvider.System;
        Created = Time.GetUtcNow();
        Client = new EngineChatClient(model, new EngineChatClientOptions { MaxConcurrentRequests = Options.MaxConcurrentGenerations, DefaultMaxOutputTokens = Options.DefaultMaxTokens });
        Chat = Client.WithLmTelemetry();
        Admission = new RequestAdmission(Options.MaxConcurrentGenerations + Options.MaxQueuedRequests);
    }

    /// <summary>Gets the base model.</summary>
    public LocalModel Model { get; }

    /// <summary>Gets the settings.</summary>
    public OpenAiServingOptions Options { get; }

    /// <summary>Gets the names of the adapters in service, in name order.</summary>
    public IReadOnlyList<string> AdapterNames => [.. _adapters.Keys.Order(StringComparer.Ordinal)];

    internal EngineChatClient Client { get; }

    /// <summary>Generates for the endpoints: <see cref="Client"/> with the LM telemetry every LM call carries.</summary>
    internal IChatClient Chat { get; }

    internal RequestAdmission Admission { get; }

    internal TimeProvider Time { get; }

    internal DateTimeOffset Created { get; }

    internal IEnumerable<ServedAdapter> Adapters => _adapters.Values.OrderBy(a => a.Name, StringComparer.Ordinal);

    /// <summary>Loads a PEFT adapter folder and serves it under <paramref name="name"/>.</summary>
    /// <param name="name">The model name requests will use; must differ from the base model's.</param>
    /// <param name="path">The PEFT folder (<c>adapter_config.json</c> + <c>adapter_model.safetensors</c>).</param>
    /// <returns>False when an adapter of that name is already in service (nothing changes).</returns>
    /// <exception cref="ArgumentException">The name is blank or is the base model's.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="AdapterFormatException">The folder is not a PEFT adapter for this model.</exception>
    public bool LoadAdapter(string name, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (string.Equals(name, Model.Name, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The adapter name '{name}' is the base model's name.", nameof(name));
        }

        var folder = Path.GetFullPath(path);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The adapter folder '{folder}' does not exist.");
        }

        lock (_loadLock)
        {
            if (_adapters.ContainsKey(name))
            {
                return false;
            }

            var adapter = PeftAdapter.Load(folder, Model.Model.Config);
            var key = string.Create(CultureInfo.InvariantCulture, $"{name}#{Interlocked.Increment(ref _loads)}");
            Client.RegisterAdapter(key, adapter);
            _adapters[name] = new ServedAdapter(name, folder, key, Time.GetUtcNow());
            return true;
        }
    }

    /// <summary>Takes an adapter out of service; requests already running finish with it.</summary>
    /// <param name="name">The adapter's name.</param>
    /// <returns>False when no adapter of that name is in service.</returns>
    public bool UnloadAdapter(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_adapters.TryRemove(name, out var served))
        {
            return false;
        }

        Client.UnregisterAdapter(served.EngineKey);
        return true;
    }

    /// <summary>Releases the engine client.</summary>
    public void Dispose() => Chat.Dispose();

    /// <summary>
    /// Finds what a request's <c>model</c> names: the base model (null adapter) or an adapter in service. The base model
    /// answers to its id (<c>{folder}@{fingerprint}</c>) and to its folder name alone, which clients used before the id
    /// carried the fingerprint.
    /// </summary>
    internal bool TryResolveModel(string? model, out ServedAdapter? adapter)
    {
        adapter = null;
        var at = Model.Name.LastIndexOf('@');
        if (model is null || string.Equals(model, Model.Name, StringComparison.Ordinal)
            || (at > 0 && !_adapters.ContainsKey(model) && model.AsSpan().SequenceEqual(Model.Name.AsSpan(0, at))))
        {
            return true;
        }

        return _adapters.TryGetValue(model, out adapter);
    }
}
