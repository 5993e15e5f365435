using BetterTogether.Core.LanguageModels;
using BetterTogether.Engine.ChatTemplates;
using BetterTogether.Engine.Inference;
using BetterTogether.Engine.Lora;
using BetterTogether.Engine.Peft;
using BetterTogether.Engine.Serving;
using Microsoft.Extensions.AI;

namespace BetterTogether.Engine.Tests.Serving;

public sealed class EngineChatClientTests
{
    private static readonly LocalModel Model = TinyChatModel.Create();
    private static readonly ChatMessage[] Messages = [new(ChatRole.System, "You add."), new(ChatRole.User, "What is 2 + 3?")];

    [Fact]
    public async Task GetResponseAsync_Greedy_MatchesTokenGeneratorAndReportsUsage()
    {
        using var client = new EngineChatClient(Model);
        var response = await client.GetResponseAsync(Messages, new ChatOptions { MaxOutputTokens = 8 });

        var prompt = Model.Tokenizer.Encode(Model.Template.Render([new ChatTurn("system", "You add."), new ChatTurn("user", "What is 2 + 3?")], addGenerationPrompt: true));
        var expected = new TokenGenerator(Model.Model).Generate(prompt, new SamplingOptions { MaxNewTokens = 8, StopTokenIds = Model.StopTokenIds.ToHashSet() });
        Assert.Equal(Model.Tokenizer.Decode(expected.Tokens.ToArray(), skipSpecialTokens: true), response.Text);
        Assert.Equal(prompt.Length, response.Usage!.InputTokenCount);
        Assert.Equal(expected.Tokens.Count, response.Usage.OutputTokenCount);
        Assert.Equal("tiny-chat", response.ModelId);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ConcatenatedUpdates_EqualNonStreamingText()
    {
        using var client = new EngineChatClient(Model);
        var options = new ChatOptions { MaxOutputTokens = 10, Temperature = 1f, Seed = 4 };
        var full = await client.GetResponseAsync(Messages, options);
        var parts = new List<string>();
        ChatFinishReason? finish = null;
        await foreach (var update in client.GetStreamingResponseAsync(Messages, options))
        {
            parts.Add(update.Text);
            finish ??= update.FinishReason;
        }

        Assert.Equal(full.Text, string.Concat(parts));
        Assert.Equal(full.FinishReason, finish);
    }

    [Fact]
    public async Task GetResponseAsync_AdapterLocation_AppliedPerRequest()
    {
        var adapter = RandomAdapter(seed: 2);
        var folder = Fixtures.TempFolder();
        PeftAdapter.Save(adapter, folder);
        using var client = new EngineChatClient(Model);
        var lm = new LanguageModel(client, "tiny-chat", maxOutputTokens: 8);
        var baseText = (await client.GetResponseAsync(Messages, lm.CreateOptions())).Text;
        var adapted = (await client.GetResponseAsync(Messages, lm.WithAdapter(new AdapterReference("a1", folder)).CreateOptions())).Text;
        client.RegisterAdapter("a2", adapter);
        var nameOnly = lm.WithAdapter(new AdapterReference("a2", "unused")).CreateOptions();
        nameOnly.AdditionalProperties!.Remove(ChatOptionKeys.AdapterLocation);
        var byName = (await client.GetResponseAsync(Messages, nameOnly)).Text;

        Assert.NotEqual(baseText, adapted);
        Assert.Equal(adapted, byName);
        Assert.Equal(baseText, (await client.GetResponseAsync(Messages, lm.CreateOptions())).Text);
    }

    [Fact]
    public async Task GetResponseAsync_MoreAdapterLocationsThanTheCache_LeastRecentlyUsedReloaded()
    {
        var folders = Enumerable.Range(0, 3).Select(seed => SaveRandomAdapter(seed + 10)).ToList();
        using var client = new EngineChatClient(Model, new EngineChatClientOptions { MaxCachedAdapterLocations = 2 });
        var lm = new LanguageModel(client, "tiny-chat", maxOutputTokens: 8);
        async Task<string> Ask(int i) => (await client.GetResponseAsync(Messages, lm.WithAdapter(new AdapterReference($"a{i}", folders[i])).CreateOptions())).Text;

        var first = await Ask(0);
        await Ask(1);
        await Ask(2);
        Assert.Equal([folders[2], folders[1]], client.CachedAdapterLocations);

        Assert.Equal(first, await Ask(0));
        Assert.Equal([folders[0], folders[2]], client.CachedAdapterLocations);
        await Ask(2);
        Assert.Equal([folders[2], folders[0]], client.CachedAdapterLocations);
    }

    [Fact]
    public async Task UnregisterAdapter_ThenRequestByName_Throws()
    {
        using var client = new EngineChatClient(Model);
        client.RegisterAdapter("a", LoraAdapter.CreateInitialized(Model.Model.Config, new LoraConfig { Rank = 4 }, seed: 2));
        var byName = new ChatOptions { MaxOutputTokens = 2, AdditionalProperties = new() { [ChatOptionKeys.AdapterName] = "a" } };
        await client.GetResponseAsync(Messages, byName);

        Assert.True(client.UnregisterAdapter("a"));
        Assert.False(client.UnregisterAdapter("a"));
        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.GetResponseAsync(Messages, byName));
        Assert.Contains("'a' is not registered", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_StopSequence_CutsText()
    {
        using var client = new EngineChatClient(Model);
        var free = (await client.GetResponseAsync(Messages, new ChatOptions { MaxOutputTokens = 12 })).Text;
        Assert.True(free.Length > 3, free);
        var stop = free.Substring(2, 2);
        var cut = await client.GetResponseAsync(Messages, new ChatOptions { MaxOutputTokens = 12, StopSequences = [stop] });
        Assert.Equal(free[..free.IndexOf(stop, StringComparison.Ordinal)], cut.Text);
        Assert.Equal(ChatFinishReason.Stop, cut.FinishReason);
    }

    private static string SaveRandomAdapter(int seed)
    {
        var folder = Path.GetFullPath(Fixtures.TempFolder());
        PeftAdapter.Save(RandomAdapter(seed), folder);
        return folder;
    }

    /// <summary>A rank-4 adapter whose B matrices are random too, so it changes the model's replies.</summary>
    private static LoraAdapter RandomAdapter(int seed)
    {
        var adapter = LoraAdapter.CreateInitialized(Model.Model.Config, new LoraConfig { Rank = 4 }, seed);
        var rng = new Random(seed + 1);
        foreach (var slot in adapter.Slots.Where(s => s.Name.EndsWith("lora_B.weight", StringComparison.Ordinal)))
        {
            for (var i = 0; i < slot.Length; i++)
            {
                adapter.Parameters[slot.Offset + i] = (float)(rng.NextDouble() - 0.5) * 4;
            }
        }

        return adapter;
    }
}


public sealed class EngineChatClientStreamingTests
{
    [Fact]
    public async Task GetStreamingResponseAsync_ConsumerStopsEarly_ReleasesForNextRequest()
    {
        using var client = new EngineChatClient(TinyChatModel.Create());
        ChatMessage[] messages = [new(ChatRole.User, "hi")];
        await foreach (var update in client.GetStreamingResponseAsync(messages, new ChatOptions { MaxOutputTokens = 200, Temperature = 1f }))
        {
            Assert.NotNull(update);
            break;
        }

        var next = await client.GetResponseAsync(messages, new ChatOptions { MaxOutputTokens = 2 });
        Assert.True(next.Usage!.OutputTokenCount <= 2);
    }
}

public sealed class LocalModelTests
{
    [Fact]
    public void Constructor_TokenizerLargerThanVocabulary_Throws()
    {
        var chat = TinyChatModel.Create();
        var small = new BetterTogether.Engine.Model.LlamaModel(chat.Model.Config with { VocabSize = 100 });
        var ex = Assert.Throws<BetterTogether.Engine.Model.ModelFormatException>(() => new LocalModel("m", small, chat.Tokenizer, chat.Template));
        Assert.Contains("vocab_size", ex.Message, StringComparison.Ordinal);
    }
}
