using BetterTogether.Cli.Hosting;
using BetterTogether.Cli.Optimize;
using BetterTogether.Cli.Tests.Optimize;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Durable;
using BetterTogether.Engine.Serving;
using BetterTogether.Workflow.Caching;
using Microsoft.Extensions.AI;

namespace BetterTogether.Cli.Tests.Hosting;

/// <summary>bt serve and bt optimize wire runs through the one composition root, so one model folder is one model id.</summary>
public sealed class OneModelIdTests
{
    [Fact]
    public async Task ServeAndOptimize_SameModelFolder_SameModelIdAndLmCacheKeys()
    {
        var work = OptimizeHarness.NewTempFolder("model-id");
        await using var serve = OptimizationHost.Create(new OptimizationHostOptions
        {
            Store = Path.Combine(work, "store"),
            ModelPath = TinyModelFolder.Path,
            AdapterRoot = Path.Combine(work, "adapters"),
            Durable = new DurableBackendOptions { EmbeddedDatabasePath = Path.Combine(work, "serve.db") },
        });
        using var optimize = LmSetup.FromModelFolder(TinyModelFolder.Path, work);

        Assert.Equal(LocalModel.IdOf(TinyModelFolder.Path), serve.Environment.ModelId);
        Assert.Equal(serve.Environment.ModelId, optimize.ModelId);
        Assert.Equal(serve.Environment.ModelId, serve.LocalModel!.Name);

        ChatMessage[] messages = [new(ChatRole.User, "What is 2 + 3?")];
        string Key(IChatClient client, string modelId) =>
            new ArtifactCachingChatClient(client, serve.Store).ComputeKey(messages, new LanguageModel(client, modelId).CreateOptions());
        Assert.Equal(Key(serve.Environment.ChatClient, serve.Environment.ModelId), Key(optimize.Client, optimize.ModelId));
    }
}
