using BetterTogether.Core.Adapters;
using BetterTogether.Pretraining.Corpus;
using BetterTogether.Pretraining.Evaluation;
using BetterTogether.Pretraining.Programs;
using BetterTogether.Tasks.Iris;

namespace BetterTogether.Pretraining.Tests.Evaluation;

public sealed class BundledModelTests
{
    internal static string ModelFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "BetterTogether.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        return Path.Combine(dir.FullName, "models", "bt-tiny");
    }

    private static readonly Core.Signatures.Signature IrisSignature = TaskSignatures.WithReasoning(TaskSignatures.Iris);

    /// <summary>The plain Iris program's request for a test flower.</summary>
    private static IReadOnlyList<Engine.ChatTemplates.ChatTurn> IrisRequest(int testIndex) =>
        ChatRendering.Request(IrisSignature, [], IrisDataset.Split().Test[testIndex].Features.ToDictionary(kv => kv.Key, kv => kv.Value));

    [Fact]
    public void CommittedModel_IrisPrompt_AnswersInTheChatAdapterFormat()
    {
        var lm = LocalChatModel.Load(ModelFolder());
        var request = IrisRequest(0);

        var reply = lm.Complete(request, maxNewTokens: 64);

        Assert.StartsWith("[[ ## reasoning ## ]]", reply, StringComparison.Ordinal);
        var fields = ChatAdapter.Default.Parse(IrisSignature, reply);
        Assert.False(string.IsNullOrWhiteSpace(fields["species"]));
    }

    [Fact]
    public void CommittedModel_SampledCompletion_RepeatsForASeed_AndVariesAcrossSeeds()
    {
        var lm = LocalChatModel.Load(ModelFolder());
        var request = IrisRequest(1);

        var first = lm.Complete(request, maxNewTokens: 40, sampling: new GateSampling(1.5, 7));
        var again = lm.Complete(request, maxNewTokens: 40, sampling: new GateSampling(1.5, 7));
        var others = Enumerable.Range(100, 6).Select(seed => lm.Complete(request, maxNewTokens: 40, sampling: new GateSampling(1.5, seed))).ToList();

        Assert.Equal(first, again);
        Assert.True(others.Append(first).Distinct().Count() > 1, "sampling at temperature 1.5 gave one reply for seven seeds");
    }

    [Fact]
    public void CommittedModel_Folder_IsSmallAndComplete()
    {
        var folder = ModelFolder();
        foreach (var file in new[] { "config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "README.md" })
        {
            Assert.True(File.Exists(Path.Combine(folder, file)), file);
        }

        var bytes = Directory.EnumerateFiles(folder).Sum(f => new FileInfo(f).Length);
        Assert.InRange(bytes, 1, 25L * 1024 * 1024);
    }
}
