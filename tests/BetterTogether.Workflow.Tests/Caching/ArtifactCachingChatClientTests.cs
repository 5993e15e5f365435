using BetterTogether.Core.LanguageModels;
using BetterTogether.Workflow.Caching;
using BetterTogether.Workflow.Tests.Fakes;
using Microsoft.Extensions.AI;

namespace BetterTogether.Workflow.Tests.Caching;

public sealed class ArtifactCachingChatClientTests
{
    private static readonly ChatMessage[] Prompt = [new(ChatRole.System, "Answer briefly."), new(ChatRole.User, "2+2?")];

    private static ChatOptions Options(float temperature = 0f, string? adapter = null, int? rollout = null)
    {
        var options = new ChatOptions { ModelId = "qwen2-0.5b", Temperature = temperature, MaxOutputTokens = 32, AdditionalProperties = [] };
        if (adapter is not null)
        {
            options.AdditionalProperties[ChatOptionKeys.AdapterName] = adapter;
        }

        if (rollout is not null)
        {
            options.AdditionalProperties[ChatOptionKeys.RolloutId] = rollout.Value;
        }

        return options;
    }

    [Fact]
    public async Task GetResponseAsync_SameRequestTwice_SecondIsAHitWithoutLmCall()
    {
        var inner = new CountingChatClient();
        using var cache = new ArtifactCachingChatClient(inner, new InMemoryArtifactStore());

        var first = await cache.GetResponseAsync(Prompt, Options());
        var second = await cache.GetResponseAsync(Prompt, Options());

        Assert.Equal(1, inner.Calls);
        Assert.Equal((1, 1), (cache.Hits, cache.Misses));
        Assert.Equal(first.Text, second.Text);
        Assert.Equal("echo: 2+2? #1", second.Text);
    }

    [Fact]
    public async Task GetResponseAsync_NewClientOverSameStore_HitsPersistedEntry()
    {
        var store = new InMemoryArtifactStore();
        var inner = new CountingChatClient();
        using (var before = new ArtifactCachingChatClient(inner, store))
        {
            await before.GetResponseAsync(Prompt, Options());
        }

        using var after = new ArtifactCachingChatClient(inner, store);
        var response = await after.GetResponseAsync(Prompt, Options());

        Assert.Equal(1, inner.Calls);
        Assert.Equal((1, 0), (after.Hits, after.Misses));
        Assert.Equal("echo: 2+2? #1", response.Text);
        Assert.Single(store.Paths, p => p.StartsWith("cache/lm/", StringComparison.Ordinal) && p.EndsWith(".json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetResponseAsync_DifferentTemperatureAdapterOrRollout_AreDistinctEntries()
    {
        var inner = new CountingChatClient();
        using var cache = new ArtifactCachingChatClient(inner, new InMemoryArtifactStore());

        await cache.GetResponseAsync(Prompt, Options());
        await cache.GetResponseAsync(Prompt, Options(temperature: 0.7f));
        await cache.GetResponseAsync(Prompt, Options(adapter: "step-1"));
        await cache.GetResponseAsync(Prompt, Options(rollout: 1));
        await cache.GetResponseAsync(Prompt, Options(rollout: 2));
        await cache.GetResponseAsync(Prompt, Options(rollout: 2));

        Assert.Equal(5, inner.Calls);
        Assert.Equal((1, 5), (cache.Hits, cache.Misses));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_AfterMiss_ReplaysCachedUpdates()
    {
        var inner = new CountingChatClient();
        using var cache = new ArtifactCachingChatClient(inner, new InMemoryArtifactStore());

        var first = await cache.GetStreamingResponseAsync(Prompt, Options()).ToChatResponseAsync();
        var second = await cache.GetStreamingResponseAsync(Prompt, Options()).ToChatResponseAsync();
        var nonStreaming = await cache.GetResponseAsync(Prompt, Options());

        Assert.Equal(1, inner.Calls);
        Assert.Equal((2, 1), (cache.Hits, cache.Misses));
        Assert.Equal(first.Text, second.Text);
        Assert.Equal(first.Text, nonStreaming.Text);
    }

    [Fact]
    public async Task GetResponseAsync_ConcurrentMissesOfSameKey_SecondWriteLosesCreateOnlyRaceQuietly()
    {
        var store = new InMemoryArtifactStore();
        var bothCalled = new TaskCompletionSource();
        var arrivals = 0;
        var inner = new CountingChatClient(async () =>
        {
            if (Interlocked.Increment(ref arrivals) == 2)
            {
                bothCalled.SetResult();
            }

            await bothCalled.Task.WaitAsync(TimeSpan.FromSeconds(20));
        });
        using var a = new ArtifactCachingChatClient(inner, store);
        using var b = new ArtifactCachingChatClient(inner, store);

        var responses = await Task.WhenAll(a.GetResponseAsync(Prompt, Options()), b.GetResponseAsync(Prompt, Options()));
        using var c = new ArtifactCachingChatClient(inner, store);
        var cached = await c.GetResponseAsync(Prompt, Options());

        Assert.Equal(2, inner.Calls);
        Assert.Contains(cached.Text, responses.Select(r => r.Text));
        Assert.Equal(1, c.Hits);
    }

    [Fact]
    public void ComputeKey_MessageOrderMatters_AndIsStableHex()
    {
        using var cache = new ArtifactCachingChatClient(new CountingChatClient(), new InMemoryArtifactStore());

        var key = cache.ComputeKey(Prompt, Options());

        Assert.Equal(64, key.Length);
        Assert.Equal(key, cache.ComputeKey(Prompt, Options()));
        Assert.NotEqual(key, cache.ComputeKey(Prompt.Reverse(), Options()));
    }
}
