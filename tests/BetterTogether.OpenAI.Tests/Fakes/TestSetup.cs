using System.Collections.Concurrent;
using BetterTogether.OpenAI.Chat;
using BetterTogether.OpenAI.Resilience;

namespace BetterTogether.OpenAI.Tests.Fakes;

/// <summary>Fast, deterministic settings shared by the tests.</summary>
internal static class TestSetup
{
    public static OpenAIResilienceOptions FastResilience(ConcurrentQueue<OpenAIRetryNotice>? notices = null) => new()
    {
        BaseDelay = TimeSpan.FromMilliseconds(1),
        MaxDelay = TimeSpan.FromMilliseconds(5),
        MaxRetries = 5,
        AttemptTimeout = TimeSpan.FromSeconds(10),
        TotalTimeout = TimeSpan.FromSeconds(20),
        MinimumThroughput = 1000,
        OnRetry = notices is null ? null : notices.Enqueue,
    };

    public static OpenAIChatClientOptions ClientOptions(FakeOpenAIServer server, OpenAIResilienceOptions? resilience = null) => new()
    {
        Endpoint = server.BaseUrl,
        DefaultModelId = server.BaseModel,
        Resilience = resilience ?? FastResilience(),
    };
}
