using BetterTogether.Engine.Serving;

namespace BetterTogether.Engine.Tests.Serving;

/// <summary>Shares one tiny chat model between tests.</summary>
internal sealed class LocalModelHolder
{
    private readonly Lazy<LocalModel> _model = new(() => TinyChatModel.Create());

    public LocalModel Model => _model.Value;
}
