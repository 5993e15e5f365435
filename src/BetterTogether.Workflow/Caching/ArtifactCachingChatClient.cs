using System.Runtime.CompilerServices;
using System.Text.Json;
using BetterTogether.Storage;
using Microsoft.Extensions.AI;

namespace BetterTogether.Workflow.Caching;

/// <summary>
/// A content-addressed LM response cache persisted in the artifact store, so a replayed or retried
/// activity makes no duplicate LM call. Entries live at <c>{prefix}/{key[0..2]}/{key}.json</c>, where
/// the key is the SHA-256 of a canonical JSON of the model id, adapter name (<c>bt.adapter_name</c>),
/// rollout id (<c>bt.rollout_id</c>), temperature, top-p, max tokens, stop sequences, seed,
/// instructions, response format and messages. Entries are written create-only: a concurrent writer
/// of the same key wins and this write is dropped.
/// </summary>
public sealed class ArtifactCachingChatClient : DelegatingChatClient
{
    private readonly IArtifactStore _store;
    private readonly string _prefix;
    private long _hits;
    private long _misses;

    /// <summary>Creates the cache over <paramref name="innerClient"/>.</summary>
    /// <param name="innerClient">The client that answers misses.</param>
    /// <param name="store">Where entries are kept.</param>
    /// <param name="prefix">The entries' folder (default <c>cache/lm</c>).</param>
    public ArtifactCachingChatClient(IChatClient innerClient, IArtifactStore store, string prefix = "cache/lm")
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        _store = store;
        _prefix = prefix.TrimEnd('/');
    }

    /// <summary>Responses served from the cache.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Responses that needed an LM call.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>The cache key of a request (lowercase hex SHA-256).</summary>
    public string ComputeKey(IEnumerable<ChatMessage> messages, ChatOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return ChatCacheKey.Compute(messages, options, (GetService(typeof(ChatClientMetadata)) as ChatClientMetadata)?.DefaultModelId);
    }

    /// <inheritdoc/>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IList<ChatMessage> ?? messages.ToList();
        var path = EntryPath(ComputeKey(list, options));
        if (await TryReadAsync(path, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            Interlocked.Increment(ref _hits);
            return cached;
        }

        Interlocked.Increment(ref _misses);
        var response = await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        await WriteAsync(path, response, cancellationToken).ConfigureAwait(false);
        return response;
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IList<ChatMessage> ?? messages.ToList();
        var path = EntryPath(ComputeKey(list, options));
        if (await TryReadAsync(path, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            Interlocked.Increment(ref _hits);
            foreach (var update in cached.ToChatResponseUpdates())
            {
                yield return update;
            }

            yield break;
        }

        Interlocked.Increment(ref _misses);
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in base.GetStreamingResponseAsync(list, options, cancellationToken).ConfigureAwait(false))
        {
            updates.Add(update);
            yield return update;
        }

        await WriteAsync(path, updates.ToChatResponse(), cancellationToken).ConfigureAwait(false);
    }

    private string EntryPath(string key) => $"{_prefix}/{key[..2]}/{key}.json";

    private async Task<ChatResponse?> TryReadAsync(string path, CancellationToken cancellationToken)
    {
        Stream stream;
        try
        {
            stream = await _store.OpenReadAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (ArtifactNotFoundException)
        {
            return null;
        }

        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return (ChatResponse?)await JsonSerializer.DeserializeAsync(stream, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ChatResponse)), cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"Corrupt LM cache entry at {_store.DescribeLocation(path)}: {ex.Message}", ex);
            }
        }
    }

    private async Task WriteAsync(string path, ChatResponse response, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(response, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ChatResponse)));
        using var content = new MemoryStream(bytes);
        try
        {
            await _store.PutAsync(path, content, new ArtifactWriteOptions { Condition = WriteCondition.IfNotExists, ContentType = "application/json" }, cancellationToken).ConfigureAwait(false);
        }
        catch (ArtifactConflictException)
        {
            // Another execution cached the same request first; its entry is as good as ours.
        }
    }
}
