using System.Net;
using BetterTogether.Cli.Hosting;
using BetterTogether.Cli.Serve;
using BetterTogether.Durable;
using BetterTogether.Storage.FileSystem;
using BetterTogether.Workflow.Optimization;
using BetterTogether.Workflow.Tests.Optimization;

namespace BetterTogether.Cli.Tests.Serve;

public sealed class ApiKeyTests
{
    [Fact]
    public async Task Request_WithoutKey_Answers401()
    {
        await using var serve = await ServeFixture.StartAsync(apiKey: "s3cret");
        using var anonymous = new HttpClient { BaseAddress = serve.Client.BaseAddress };

        using var denied = await anonymous.GetAsync(new Uri("/api/runs", UriKind.Relative));
        using var wrong = await anonymous.GetAsync(new Uri("/api/runs?code=guess", UriKind.Relative));
        using var byQuery = await anonymous.GetAsync(new Uri("/api/runs?code=s3cret", UriKind.Relative));
        using var byHeader = await serve.Client.GetAsync(new Uri("/api/runs", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byQuery.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byHeader.StatusCode);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("192.168.1.10")]
    public async Task Build_BeyondLoopbackWithoutKey_RefusesToStart(string address)
    {
        var folder = Path.Combine(Path.GetTempPath(), "bt-serve-tests", Guid.NewGuid().ToString("N"));
        var environment = new OptimizationEnvironment(new FileArtifactStore(folder), new AdditionLm(), "m", new InMemoryFineTuner(), AdditionTask.Resolve);
        await using var host = OptimizationHost.Create(environment, new DurableBackendOptions { EmbeddedDatabasePath = Path.Combine(folder, "serve.db") });

        var e = Assert.Throws<InvalidOperationException>(() => ServeApplication.Build(new ServeOptions { Host = address, Port = 0 }, host));

        Assert.Contains("API key is required", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("localhost", true)]
    [InlineData("10.0.0.1", false)]
    public void IsLoopback_Address_Classified(string address, bool loopback)
        => Assert.Equal(loopback, new ServeOptions { Host = address }.IsLoopback);
}
