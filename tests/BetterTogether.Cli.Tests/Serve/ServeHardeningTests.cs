using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using BetterTogether.Cli.Serve;
using BetterTogether.Cli.Tests.Optimize;

namespace BetterTogether.Cli.Tests.Serve;

/// <summary>What bt serve itself (not the shared API handlers) answers to bad requests, and how it fails to start.</summary>
public sealed class ServeHardeningTests
{
    [Theory]
    [InlineData("GET", "/api/nothing-here", 404)]
    [InlineData("GET", "/", 404)]
    [InlineData("PATCH", "/api/runs", 405)]
    [InlineData("PUT", "/api/runs/r1", 405)]
    [InlineData("POST", "/api/schedules/nightly", 405)]
    public async Task UnknownRouteOrWrongVerb_ProblemDetails(string method, string path, int status)
    {
        await using var serve = await ServeFixture.StartAsync();
        using var response = await serve.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.Contains(path, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizedBody_413WithProblemDetails_AndTheServerKeepsServing()
    {
        await using var serve = await ServeFixture.StartAsync();
        using var big = new StringContent("{\"task\":\"addition\",\"strategy\":\"" + new string(' ', 3 << 20) + "p\"}", Encoding.UTF8, "application/json");
        using var response = await serve.Client.PostAsync("/api/runs", big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var list = await serve.Client.GetAsync("/api/runs");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    [Fact]
    public async Task PortInUse_OneClearLine_ExitCode2()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var folder = Path.Combine(Path.GetTempPath(), "bt-serve-tests", Guid.NewGuid().ToString("N"));
        var output = new StringWriter();
        var error = new StringWriter();
        var root = new RootCommand();
        root.Subcommands.Add(ServeCommand.Create(output, error));
        try
        {
            var exit = await root.Parse(["serve", "--model", TinyModelFolder.Path, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--store", Path.Combine(folder, "store"), "--durable-db", Path.Combine(folder, "serve.db"), "--adapters", Path.Combine(folder, "adapters")]).InvokeAsync();
            Assert.Equal(2, exit);
            var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains($"port {port}", line, StringComparison.Ordinal);
            Assert.Contains("already in use", line, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
