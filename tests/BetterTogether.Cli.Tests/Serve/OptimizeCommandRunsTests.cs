using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BetterTogether.Cli.Tests.Optimize;

namespace BetterTogether.Cli.Tests.Serve;

/// <summary><c>bt serve</c> shows the runs <c>bt optimize</c> made in the same store, read-only.</summary>
public sealed class OptimizeCommandRunsTests
{
    [Fact]
    public async Task RunEndpoints_RunOfBtOptimizeInTheSameStore_ListedShownAndReadOnly()
    {
        var work = OptimizeHarness.NewTempFolder("serve-lists-cli");
        var store = Path.Combine(work, "store");
        var (exit, text) = await OptimizeHarness.RunAsync(
            "--task", "iris", "--strategy", "p", "--model", TinyModelFolder.Path, "--store", store, "--run-id", "cli-run",
            "--train-size", "4", "--val-size", "3", "--candidates", "1", "--max-demos", "1", "--output", Path.Combine(work, "out"));
        Assert.True(exit == 0, text);
        await using var serve = await ServeFixture.StartAsync(folder: store);

        var list = await serve.Client.GetFromJsonAsync<JsonElement>("/api/runs?runtimeStatus=Completed");
        var listed = Assert.Single(list.EnumerateArray());
        Assert.Equal("cli-run", listed.GetProperty("instanceId").GetString());
        Assert.Equal("bt optimize", listed.GetProperty("origin").GetString());
        Assert.Empty((await serve.Client.GetFromJsonAsync<JsonElement>("/api/runs?runtimeStatus=Running")).EnumerateArray());
        Assert.Empty((await serve.Client.GetFromJsonAsync<JsonElement>("/api/runs?instanceIdPrefix=other")).EnumerateArray());

        var status = await serve.Client.GetFromJsonAsync<JsonElement>("/api/runs/cli-run");
        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal("iris", status.GetProperty("input").GetProperty("task").GetString());
        using var report = await serve.Client.GetAsync("/api/runs/cli-run/artifacts/report.json");
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);

        using var terminate = await serve.Client.PostAsync("/api/runs/cli-run/terminate", null);
        Assert.Equal(HttpStatusCode.Conflict, terminate.StatusCode);
        Assert.Contains("read-only here", await terminate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var purge = await serve.Client.DeleteAsync("/api/runs/cli-run");
        Assert.Equal(HttpStatusCode.Conflict, purge.StatusCode);
        using var unknown = await serve.Client.PostAsync("/api/runs/no-such-run/terminate", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
