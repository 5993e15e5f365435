using System.Collections.Concurrent;
using BetterTogether.OpenAI.Chat;
using BetterTogether.OpenAI.Errors;
using BetterTogether.OpenAI.Resilience;
using BetterTogether.OpenAI.Tests.Fakes;
using Microsoft.Extensions.AI;
using Polly.Timeout;

namespace BetterTogether.OpenAI.Tests.Resilience;

/// <summary>The pipeline against a fault-injecting server: call counts and outcomes, never wall-clock durations.</summary>
public sealed class ResiliencePipelineTests
{
    private static readonly ChatMessage[] Question = [new(ChatRole.User, "ping")];

    [Fact]
    public async Task GetResponseAsync_429WithRetryAfterMs_WaitsExactlyWhatServerAsked()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        var headers = new Dictionary<string, string> { ["retry-after-ms"] = "30" };
        server.Faults.Enqueue(Fault.Error(429, "Rate limit reached", "rate_limit_error", headers));
        server.Faults.Enqueue(Fault.Error(429, "Rate limit reached", "rate_limit_error", headers));
        var notices = new ConcurrentQueue<OpenAIRetryNotice>();
        using var client = OpenAIChatPipeline.Create(TestSetup.ClientOptions(server, TestSetup.FastResilience(notices)));

        var response = await client.GetResponseAsync(Question);

        Assert.Equal("echo base-model: ping", response.Text);
        Assert.Equal(3, server.ChatCalls);
        Assert.Equal([TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(30)], notices.Select(n => n.Delay));
        Assert.All(notices, n => Assert.Equal(429, Assert.IsType<OpenAIEndpointException>(n.Failure).StatusCode));
    }

    [Fact]
    public async Task GetResponseAsync_RetryAfterSecondsAboveCap_WaitsTheCap()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Faults.Enqueue(Fault.Error(429, "slow down", "rate_limit_error", new Dictionary<string, string> { ["Retry-After"] = "120" }));
        var notices = new ConcurrentQueue<OpenAIRetryNotice>();
        var resilience = TestSetup.FastResilience(notices);
        resilience.MaxRetryAfter = TimeSpan.FromMilliseconds(20);
        using var client = OpenAIChatPipeline.Create(TestSetup.ClientOptions(server, resilience));

        await client.GetResponseAsync(Question);

        Assert.Equal(2, server.ChatCalls);
        Assert.Equal(TimeSpan.FromMilliseconds(20), Assert.Single(notices).Delay);
        Assert.Equal(TimeSpan.FromSeconds(120), ((OpenAIEndpointException)Assert.Single(notices).Failure!).RetryAfter);
    }

    [Fact]
    public async Task GetResponseAsync_503Burst_RetriesWithGrowingBackoffThenSucceeds()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            server.Faults.Enqueue(Fault.Error(503, "The server is overloaded"));
        }

        var notices = new ConcurrentQueue<OpenAIRetryNotice>();
        var resilience = TestSetup.FastResilience(notices);
        resilience.UseJitter = false;
        resilience.BaseDelay = TimeSpan.FromMilliseconds(2);
        resilience.MaxDelay = TimeSpan.FromMilliseconds(100);
        using var client = OpenAIChatPipeline.Create(TestSetup.ClientOptions(server, resilience));

        var response = await client.GetResponseAsync(Question);

        Assert.Equal("echo base-model: ping", response.Text);
        Assert.Equal(4, server.ChatCalls);
        Assert.Equal([0, 1, 2], notices.Select(n => n.AttemptNumber));
        Assert.Equal([2.0, 4.0, 8.0], notices.Select(n => n.Delay.TotalMilliseconds));
    }

    [Fact]
    public async Task GetResponseAsync_Persistent503_GivesUpAfterMaxRetriesWithServerMessage()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.PersistentFault = Fault.Error(503, "The server is overloaded");
        var resilience = TestSetup.FastResilience();
        resilience.MaxRetries = 2;
        using var client = OpenAIChatPipeline.Create(TestSetup.ClientOptions(server, resilience));

        var error = await Assert.ThrowsAsync<OpenAIEndpointException>(() => client.GetResponseAsync(Question));

        Assert.Equal(OpenAIEndpointFailure.HttpError, error.Failure);
        Assert.Equal(503, error.StatusCode);
        Assert.Equal("The server is overloaded", error.ServerMessage);
        Assert.Equal(3, server.ChatCalls);
    }

    [Fact]
    public async Task GetResponseAsync_NoRetriesConfigured_SdkDoesNotRetryEither()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.PersistentFault = Fault.Error(500, "boom");
        var resilience = TestSetup.FastResilience();
        resilience.MaxRetries = 0;
        using var client = OpenAIChatPipeline.Create(TestSetup.ClientOptions(server, resilience));

        var error = await Assert.ThrowsAsync<OpenAIEndpointException>(() => client.GetResponseAsync(Question));

        Assert.Equal(500, error.StatusCode);
        Assert.Equal(1, server.ChatCalls);
    }

    [Fact]
    public async Task GetResponseAsync_RepeatedFailures_OpensCircuitThenRecoversAfterBreak()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.PersistentFault = Fault.Error(503, "down");
        var clock = new ManualTimeProvider();
        var resilience = TestSetup.FastResilience();
        resilience.MaxRetries = 10;
        resilience.MinimumThroughput = 3;
        resilience.FailureRatio = 1.0;
        resilience.BreakDuration = TimeSpan.FromMinutes(5);
        resilience.TimeProvider = clock;
        using var client = OpenAIChatPipeline.Create(TestSetup.ClientOptions(server, resilience));

        var first = await Assert.ThrowsAsync<OpenAIEndpointException>(() => client.GetResponseAsync(Question));
        var second = await Assert.ThrowsAsync<OpenAIEndpointException>(() => client.GetResponseAsync(Question));

        Assert.Equal(OpenAIEndpointFailure.CircuitOpen, first.Failure);
        Assert.Equal(OpenAIEndpointFailure.CircuitOpen, second.Failure);
        Assert.Equal(3, server.ChatCalls);

        server.PersistentFault = null;
        clock.Advance(TimeSpan.FromMinutes(6));
        var response = await client.GetResponseAsync(Question);

        Assert.Equal("echo base-model: ping", response.Text);
        Assert.Equal(4, server.ChatCalls);
    }

    [Fact]
    public async Task GetResponseAsync_ClientErrors_DoNotOpenCircuit()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.PersistentFault = Fault.Error(400, "bad request", "invalid_request_error");
        var resilience = TestSetup.FastResilience();
        resilience.MinimumThroughput = 2;
        resilience.FailureRatio = 0.5;
        using var client = OpenAIChatPipeline.Create(TestSetup.ClientOptions(server, resilience));

        for (var i = 0; i < 4; i++)
        {
            var error = await Assert.ThrowsAsync<OpenAIEndpointException>(() => client.GetResponseAsync(Question));
            Assert.Equal(400, error.StatusCode);
        }

        Assert.Equal(4, server.ChatCalls);
    }

    [Fact]
    public async Task GetResponseAsync_SlowAttempts_AttemptTimeoutRetriesUntilFastAnswer()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Faults.Enqueue(Fault.Slow(TimeSpan.FromSeconds(30)));
        server.Faults.Enqueue(Fault.Slow(TimeSpan.FromSeconds(30)));
        var notices = new ConcurrentQueue<OpenAIRetryNotice>();
        var resilience = TestSetup.FastResilience(notices);
        resilience.AttemptTimeout = TimeSpan.FromSeconds(1); // generous: the healthy attempt must beat it on a loaded machine
        using var client = OpenAIChatPipeline.Create(TestSetup.ClientOptions(server, resilience));

        var response = await client.GetResponseAsync(Question);

        Assert.Equal("echo base-model: ping", response.Text);
        Assert.Equal(3, server.ChatCalls);
        Assert.All(notices, n => Assert.IsType<TimeoutRejectedException>(n.Failure));
        Assert.Equal(2, notices.Count);
    }

    [Fact]
    public async Task GetResponseAsync_SlowServer_TotalTimeoutThrowsTimeout()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.PersistentFault = Fault.Slow(TimeSpan.FromSeconds(30));
        var resilience = TestSetup.FastResilience();
        resilience.AttemptTimeout = null;
        // Long enough that the one request reaches the server on a loaded machine (200 ms did not, once, in CI),
        // far below the 30 s the server takes to answer.
        resilience.TotalTimeout = TimeSpan.FromSeconds(2);
        using var client = OpenAIChatPipeline.Create(TestSetup.ClientOptions(server, resilience));

        var error = await Assert.ThrowsAsync<OpenAIEndpointException>(() => client.GetResponseAsync(Question));

        Assert.Equal(OpenAIEndpointFailure.Timeout, error.Failure);
        Assert.Null(error.StatusCode);
        Assert.Equal(1, server.ChatCalls);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_SlowFirstAttempt_AttemptTimeoutRetries()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Faults.Enqueue(Fault.Slow(TimeSpan.FromSeconds(30)));
        var resilience = TestSetup.FastResilience();
        resilience.AttemptTimeout = TimeSpan.FromSeconds(1); // generous: the healthy attempt must beat it on a loaded machine
        using var client = OpenAIChatPipeline.Create(TestSetup.ClientOptions(server, resilience));

        var text = string.Concat(await client.GetStreamingResponseAsync(Question).Select(u => u.Text).ToListAsync());

        Assert.Equal("echo base-model: ping", text);
        Assert.Equal(2, server.ChatCalls);
    }

    [Fact]
    public async Task GetResponseAsync_CallerCancels_ThrowsOperationCanceledWithoutRetry()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.PersistentFault = Fault.Slow(TimeSpan.FromSeconds(30));
        var notices = new ConcurrentQueue<OpenAIRetryNotice>();
        using var client = OpenAIChatPipeline.Create(TestSetup.ClientOptions(server, TestSetup.FastResilience(notices)));
        using var cancellation = new CancellationTokenSource();

        var call = client.GetResponseAsync(Question, cancellationToken: cancellation.Token);
        Assert.True(await server.ChatArrived.WaitAsync(TimeSpan.FromSeconds(10)));
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(1, server.ChatCalls);
        Assert.Empty(notices);
    }

    [Fact]
    public async Task GetResponseAsync_ConcurrencyLimitReached_RejectsExtraCallWithoutSendingIt()
    {
        await using var server = await FakeOpenAIServer.StartAsync();
        server.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resilience = TestSetup.FastResilience();
        resilience.MaxConcurrentRequests = 1;
        resilience.QueueLimit = 0;
        using var client = OpenAIChatPipeline.Create(TestSetup.ClientOptions(server, resilience));

        var first = client.GetResponseAsync(Question);
        Assert.True(await server.ChatArrived.WaitAsync(TimeSpan.FromSeconds(10)));
        var rejected = await Assert.ThrowsAsync<OpenAIEndpointException>(() => client.GetResponseAsync(Question));
        server.Gate.SetResult();
        var response = await first;

        Assert.Equal(OpenAIEndpointFailure.RateLimited, rejected.Failure);
        Assert.Equal("echo base-model: ping", response.Text);
        Assert.Equal(1, server.ChatCalls);
    }

    [Fact]
    public async Task GetResponseAsync_ConnectionRefused_RetriesAsNetworkFailure()
    {
        int port;
        await using (var stopped = await FakeOpenAIServer.StartAsync())
        {
            port = stopped.Root.Port;
        }

        var notices = new ConcurrentQueue<OpenAIRetryNotice>();
        var resilience = TestSetup.FastResilience(notices);
        resilience.MaxRetries = 2;
        var options = new OpenAIChatClientOptions { Endpoint = new Uri($"http://127.0.0.1:{port}/v1/"), DefaultModelId = "m", Resilience = resilience };
        using var client = OpenAIChatPipeline.Create(options);

        var error = await Assert.ThrowsAsync<OpenAIEndpointException>(() => client.GetResponseAsync(Question));

        Assert.Equal(OpenAIEndpointFailure.Network, error.Failure);
        Assert.Equal(2, notices.Count);
    }
}
