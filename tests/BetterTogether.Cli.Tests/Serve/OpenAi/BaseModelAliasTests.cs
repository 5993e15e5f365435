using BetterTogether.Cli.Serve.OpenAi;
using BetterTogether.Cli.Tests.Optimize;
using BetterTogether.Engine.Serving;

namespace BetterTogether.Cli.Tests.Serve.OpenAi;

public sealed class BaseModelAliasTests
{
    [Fact]
    public void BaseModel_AnswersToItsIdAndToItsFolderName_NotToOthers()
    {
        using var host = new OpenAiEngineHost(LocalModel.Load(TinyModelFolder.Path));
        var id = host.Model.Name;
        var folder = id[..id.LastIndexOf('@')];
        Assert.Equal(new DirectoryInfo(TinyModelFolder.Path).Name, folder);

        Assert.True(host.TryResolveModel(id, out var byId));
        Assert.Null(byId);
        Assert.True(host.TryResolveModel(folder, out var byFolder));
        Assert.Null(byFolder);
        Assert.False(host.TryResolveModel(folder + "-other", out _));
        Assert.False(host.TryResolveModel(folder + "@000000", out _));
    }
}
