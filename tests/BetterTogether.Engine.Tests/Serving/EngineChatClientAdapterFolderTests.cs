using BetterTogether.Core.LanguageModels;
using BetterTogether.Engine.Peft;
using BetterTogether.Engine.Serving;
using Microsoft.Extensions.AI;

namespace BetterTogether.Engine.Tests.Serving;

/// <summary>The engine loads adapters from local folders; a store path that no middleware fetched fails saying so.</summary>
public sealed class EngineChatClientAdapterFolderTests
{
    private static readonly LocalModelHolder Holder = new();
    private static readonly ChatMessage[] Messages = [new(ChatRole.User, "What is 2 + 3?")];

    [Fact]
    public async Task GetResponseAsync_StorePathNotFetched_FailsNamingTheMiddleware()
    {
        using var client = new EngineChatClient(Holder.Model);
        var options = new LanguageModel(client, "tiny-chat", new AdapterReference("bt-ft-1", "adapters/bt-ft-1-not-here"), maxOutputTokens: 2).CreateOptions();

        var error = await Assert.ThrowsAsync<AdapterFormatException>(() => client.GetResponseAsync(Messages, options));

        Assert.Contains("'adapters/bt-ft-1-not-here' is an artifact-store path", error.Message, StringComparison.Ordinal);
        Assert.Contains("StoredAdapterChatClient", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_MissingLocalFolder_FailsNamingIt()
    {
        var missing = Path.Combine(Fixtures.TempFolder(), "gone");
        using var client = new EngineChatClient(Holder.Model);
        var options = new LanguageModel(client, "tiny-chat", new AdapterReference("old", missing), maxOutputTokens: 2).CreateOptions();

        var error = await Assert.ThrowsAsync<AdapterFormatException>(() => client.GetResponseAsync(Messages, options));

        Assert.Contains($"no adapter folder at '{missing}'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("artifact-store path", error.Message, StringComparison.Ordinal);
    }
}
