using System.Runtime.CompilerServices;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Storage.FileSystem;
using BetterTogether.Workflow.Adapters;
using BetterTogether.Workflow.Tests.Fakes;
using Microsoft.Extensions.AI;

namespace BetterTogether.Workflow.Tests.Adapters;

public sealed class StoredAdapterChatClientTests : IDisposable
{
    private static readonly ChatMessage[] Messages = [new(ChatRole.User, "2 + 3?")];
    private readonly string _root = Directory.CreateTempSubdirectory("bt-adapter-client-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task GetResponseAsync_AdapterNamedByStorePath_InnerClientGetsTheLocalFolder()
    {
        var store = new InMemoryArtifactStore();
        var stored = await StoredAdapters.StoreAsync(store, "bt-ft-1", new AdapterReference("bt-ft-1", AdapterFolders.Write(Path.Combine(_root, "train"), seed: 1)));
        var inner = new RecordingChatClient();
        using var client = new StoredAdapterChatClient(inner, new StoredAdapterCache(store, Path.Combine(_root, "cache")));
        var options = new LanguageModel(client, "m", stored).CreateOptions();

        await client.GetResponseAsync(Messages, options);
        await foreach (var _ in client.GetStreamingResponseAsync(Messages, options))
        {
        }

        Assert.Equal(2, inner.Seen.Count);
        foreach (var seen in inner.Seen)
        {
            var folder = (string)seen!.AdditionalProperties![ChatOptionKeys.AdapterLocation]!;
            Assert.StartsWith(Path.Combine(_root, "cache"), folder, StringComparison.Ordinal);
            Assert.Equal("bt-ft-1", seen.AdditionalProperties[ChatOptionKeys.AdapterName]);
        }

        // The caller's options (what cache keys are computed from) are left as they were.
        Assert.Equal("adapters/bt-ft-1", options.AdditionalProperties![ChatOptionKeys.AdapterLocation]);
    }

    [Fact]
    public async Task GetResponseAsync_NoAdapter_PassesTheOptionsThrough()
    {
        var inner = new RecordingChatClient();
        using var client = new StoredAdapterChatClient(inner, new StoredAdapterCache(new FileArtifactStore(Path.Combine(_root, "store")), Path.Combine(_root, "cache")));
        var options = new LanguageModel(client, "m").CreateOptions();

        await client.GetResponseAsync(Messages, options);

        Assert.Same(options, Assert.Single(inner.Seen));
    }

    private sealed class RecordingChatClient : IChatClient
    {
        public List<ChatOptions?> Seen { get; } = [];

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Seen.Add(options);
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "5")));
        }

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Seen.Add(options);
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, "5");
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
