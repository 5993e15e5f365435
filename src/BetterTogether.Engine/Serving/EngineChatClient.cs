using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Engine.ChatTemplates;
using BetterTogether.Engine.Inference;
using BetterTogether.Engine.Lora;
using BetterTogether.Engine.Peft;
using Microsoft.Extensions.AI;

namespace BetterTogether.Engine.Serving;

/// <summary>
/// An <see cref="IChatClient"/> over the in-process engine: renders the chat template, generates with a KV cache,
/// and applies the LoRA adapter named in <see cref="ChatOptions.AdditionalProperties"/>
/// (<see cref="ChatOptionKeys.AdapterName"/> / <see cref="ChatOptionKeys.AdapterLocation"/>, a local PEFT folder) unmerged,
/// per request.
/// A request whose prompt plus <see cref="ChatOptions.MaxOutputTokens"/> is longer than the model's context fails with
/// <see cref="ContextWindowExceededException"/> before anything is generated.
/// </summary>
public sealed class EngineChatClient : IChatClient
{
    private readonly LocalModel _model;
    private readonly EngineChatClientOptions _options;
    private readonly TokenGenerator _generator;
    private readonly SemaphoreSlim _gate;
    private readonly ConcurrentDictionary<string, LoraAdapter> _named = new(StringComparer.Ordinal);
    private readonly AdapterLocationCache _byLocation;

    /// <summary>Creates the client.</summary>
    /// <param name="model">The model to serve.</param>
    /// <param name="options">Settings (defaults when null).</param>
    public EngineChatClient(LocalModel model, EngineChatClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _options = options ?? new EngineChatClientOptions();
        _options.Validate();
        _model = model;
        _generator = new TokenGenerator(model.Model);
        _gate = new SemaphoreSlim(_options.MaxConcurrentRequests);
        _byLocation = new AdapterLocationCache(_options.MaxCachedAdapterLocations);
    }

    /// <summary>The adapter folders loaded for requests that named a location, most recently used first.</summary>
    public IReadOnlyList<string> CachedAdapterLocations => _byLocation.Paths;

    /// <summary>Makes an adapter available under <paramref name="name"/> (no location needed in requests).</summary>
    /// <param name="name">The adapter name requests use.</param>
    /// <param name="adapter">The adapter.</param>
    public void RegisterAdapter(string name, LoraAdapter adapter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(adapter);
        _named[name] = adapter;
    }

    /// <summary>Takes a registered adapter away; requests already running finish with it.</summary>
    /// <param name="name">The name it was registered under.</param>
    /// <returns>False when no adapter has that name.</returns>
    public bool UnregisterAdapter(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return _named.TryRemove(name, out _);
    }

    /// <inheritdoc/>
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages.ToList();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (text, result) = await Task.Run(() => Generate(list, options, null, cancellationToken), cancellationToken).ConfigureAwait(false);
            return BuildResponse(text, result);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages.ToList();
        var channel = Channel.CreateUnbounded<ChatResponseUpdate>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var responseId = Guid.NewGuid().ToString("N");
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);

        // Stopping the enumeration early (or cancelling) stops generation too.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(
            () =>
            {
                try
                {
                    var (_, result) = Generate(list, options, piece => channel.Writer.TryWrite(new ChatResponseUpdate(ChatRole.Assistant, piece) { ResponseId = responseId, ModelId = _model.Name }), stop.Token);
                    var final = new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(Usage(result))])
                    {
                        ResponseId = responseId,
                        ModelId = _model.Name,
                        FinishReason = result.FinishReason == FinishReason.Stop ? ChatFinishReason.Stop : ChatFinishReason.Length,
                    };
                    channel.Writer.TryWrite(final);
                    channel.Writer.TryComplete();
                }
                catch (Exception ex)
                {
                    channel.Writer.TryComplete(ex);
                }
                finally
                {
                    _gate.Release();
                }
            },
            CancellationToken.None);
        try
        {
            await foreach (var update in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return update;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await producer.ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return new ChatClientMetadata("bettertogether-engine", null, _model.Name);
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc/>
    public void Dispose() => _gate.Dispose();

    private static UsageDetails Usage(GenerationResult r) =>
        new() { InputTokenCount = r.PromptTokenCount, OutputTokenCount = r.Tokens.Count, TotalTokenCount = r.PromptTokenCount + r.Tokens.Count };

    private ChatResponse BuildResponse(string text, GenerationResult result) =>
        new(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = _model.Name,
            FinishReason = result.FinishReason == FinishReason.Stop ? ChatFinishReason.Stop : ChatFinishReason.Length,
            Usage = Usage(result),
        };

    private (string Text, GenerationResult Result) Generate(List<ChatMessage> messages, ChatOptions? options, Action<string>? onText, CancellationToken cancellationToken)
    {
        var turns = messages.Select(m => new ChatTurn(m.Role.Value, m.Text)).ToList();
        var prompt = _model.Tokenizer.Encode(_model.Template.Render(turns, addGenerationPrompt: true));
        var sampling = new SamplingOptions
        {
            MaxNewTokens = ReplyBudget(prompt.Length, options?.MaxOutputTokens),
            Temperature = options?.Temperature ?? 0,
            TopP = options?.TopP ?? 1.0,
            Seed = (int)(options?.Seed ?? 0),
            StopTokenIds = _model.StopTokenIds.ToHashSet(),
        };
        var stops = options?.StopSequences?.Where(s => s.Length > 0).ToArray() ?? [];
        var decoder = _model.Tokenizer.CreateStreamDecoder(skipSpecialTokens: true);
        var text = new System.Text.StringBuilder();
        var emitted = 0;
        var hitStop = false;
        var result = _generator.Generate(prompt, sampling, ResolveAdapter(options), token =>
        {
            text.Append(decoder.Append(token));
            var cut = FirstStop(text, stops);
            if (cut >= 0)
            {
                text.Length = cut;
                hitStop = true;
            }

            // Hold back text that could still become the start of a stop sequence.
            var safe = hitStop ? text.Length : text.Length - stops.Select(s => s.Length - 1).DefaultIfEmpty(0).Max();
            if (onText is not null && safe > emitted)
            {
                onText(text.ToString(emitted, safe - emitted));
                emitted = safe;
            }

            return !hitStop;
        }, cancellationToken);
        if (!hitStop)
        {
            text.Append(decoder.Flush());
        }

        if (onText is not null && text.Length > emitted)
        {
            onText(text.ToString(emitted, text.Length - emitted));
        }

        return (text.ToString(), result);
    }

    /// <summary>
    /// Output tokens for a prompt. Like OpenAI and vLLM, a request that asks for <c>max_tokens</c> must fit the
    /// context with them; without it the default is cut to the room left. A prompt that fills the context fails.
    /// </summary>
    private int ReplyBudget(int promptTokens, int? requested)
    {
        var context = _model.Model.Config.MaxPositionEmbeddings;
        if (requested is { } asked)
        {
            return promptTokens + asked <= context ? asked : throw new ContextWindowExceededException(context, promptTokens, asked);
        }

        return promptTokens < context
            ? Math.Min(_options.DefaultMaxOutputTokens, context - promptTokens)
            : throw new ContextWindowExceededException(context, promptTokens, 1);
    }

    private static int FirstStop(System.Text.StringBuilder text, string[] stops)
    {
        if (stops.Length == 0)
        {
            return -1;
        }

        var s = text.ToString();
        var best = -1;
        foreach (var stop in stops)
        {
            var i = s.IndexOf(stop, StringComparison.Ordinal);
            if (i >= 0 && (best < 0 || i < best))
            {
                best = i;
            }
        }

        return best;
    }

    private LoraAdapter? ResolveAdapter(ChatOptions? options)
    {
        var props = options?.AdditionalProperties;
        if (props is null)
        {
            return null;
        }

        props.TryGetValue(ChatOptionKeys.AdapterName, out var nameObj);
        props.TryGetValue(ChatOptionKeys.AdapterLocation, out var locationObj);
        var name = nameObj?.ToString();
        var location = locationObj?.ToString();
        if (string.IsNullOrEmpty(name) && string.IsNullOrEmpty(location))
        {
            return null;
        }

        if (!string.IsNullOrEmpty(location))
        {
            var path = Uri.TryCreate(location, UriKind.Absolute, out var uri) && uri.IsFile ? uri.LocalPath : location;
            return _byLocation.GetOrLoad(Path.GetFullPath(path), full => LoadFolder(name ?? location, location, full));
        }

        return _named.TryGetValue(name!, out var adapter)
            ? adapter
            : throw new ArgumentException($"Adapter '{name}' is not registered and the request gives no location.", nameof(options));
    }

    /// <remarks>
    /// The engine reads local folders only. An artifact-store path (what programs name since adapters live in the
    /// store) must be fetched first by the host's middleware, which hands the engine the local copy.
    /// </remarks>
    private LoraAdapter LoadFolder(string name, string location, string folder)
    {
        if (!Directory.Exists(folder))
        {
            var hint = AdapterReference.IsStorePath(location)
                ? $" '{location}' is an artifact-store path: put the store's adapter middleware (Workflow's StoredAdapterChatClient, which the hosts' composition root adds) in front of this client to fetch it."
                : string.Empty;
            throw new AdapterFormatException($"Adapter '{name}': there is no adapter folder at '{folder}'.{hint}");
        }

        return PeftAdapter.Load(folder, _model.Model.Config);
    }
}
