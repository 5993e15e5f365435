using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BetterTogether.Core.State;
using BetterTogether.Workflow.Optimization;
using BetterTogether.Workflow.Tests.Optimization;

namespace BetterTogether.Cli.Tests.Serve;

public sealed class RunEndpointsTests
{
    [Fact]
    public async Task PostRun_SmallRun_CompletesAndServesArtifacts()
    {
        await using var serve = await ServeFixture.StartAsync();

        using var start = await serve.Client.PostAsJsonAsync("/api/runs?instanceId=http-run", ServeFixture.Request());
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var payload = await start.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("http-run", payload.GetProperty("id").GetString());
        var statusUri = payload.GetProperty("statusQueryGetUri").GetString()!;
        Assert.Equal(statusUri, start.Headers.Location!.ToString());
        foreach (var name in new[] { "sendEventPostUri", "terminatePostUri", "purgeHistoryDeleteUri", "suspendPostUri", "resumePostUri" })
        {
            Assert.StartsWith(statusUri, payload.GetProperty(name).GetString(), StringComparison.Ordinal);
        }

        var status = await serve.PollUntilDoneAsync(statusUri);

        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal("BetterTogether", status.GetProperty("name").GetString());
        Assert.Equal("http-run", status.GetProperty("instanceId").GetString());
        Assert.Equal("addition", status.GetProperty("input").GetProperty("task").GetString());
        Assert.Equal("done", status.GetProperty("customStatus").GetProperty("stage").GetString());
        Assert.Equal(100, status.GetProperty("output").GetProperty("bestScore").GetDouble());
        Assert.True(status.GetProperty("lastUpdatedTime").GetDateTimeOffset() >= status.GetProperty("createdTime").GetDateTimeOffset());

        var report = await serve.Client.GetFromJsonAsync<OptimizationReport>("/api/runs/http-run/artifacts/report.json", ReportJson.Options);
        Assert.Equal(3, report!.Steps.Count);
        Assert.Equal(100, report.TestScore);
        var program = ProgramState.FromJson(await serve.Client.GetStringAsync(new Uri("/api/runs/http-run/artifacts/program.json", UriKind.Relative)));
        Assert.NotNull(program.Predictors[0].Adapter);
        Assert.NotEmpty(await serve.Client.GetStringAsync(new Uri("/api/runs/http-run/artifacts/data/train.jsonl", UriKind.Relative)));

        using var missing = await serve.Client.GetAsync(new Uri("/api/runs/http-run/artifacts/nope.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var list = await serve.Client.GetFromJsonAsync<JsonElement>("/api/runs?runtimeStatus=Completed");
        Assert.Equal("http-run", Assert.Single(list.EnumerateArray()).GetProperty("instanceId").GetString());
        using var again = await serve.Client.PostAsJsonAsync("/api/runs?instanceId=http-run", ServeFixture.Request());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Theory]
    [InlineData("""{"task":"nope"}""", "Unknown task", "nope")]
    [InlineData("""{"task":"addition","strategy":"p -> q"}""", "Invalid strategy", "unknown optimizer key")]
    [InlineData("""{"task":"addition","strategy":"p -> "}""", "Invalid strategy", "empty step")]
    [InlineData("""{"task":"addition","numCandidates":-1}""", "Invalid budget", "numCandidates")]
    [InlineData("""{"task":"addition","fineTune":{"rank":0}}""", "Invalid budget", "fineTune.Rank")]
    [InlineData("""{"strategy":"p"}""", "Invalid run request", "task")]
    [InlineData("""{"task":""", "Invalid run request", "not a valid run request")]
    public async Task PostRun_BadRequest_Answers400ProblemDetails(string body, string title, string detailPart)
    {
        await using var serve = await ServeFixture.StartAsync();

        using var response = await serve.Client.PostAsync(new Uri("/api/runs", UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.Contains(detailPart, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await serve.Client.GetFromJsonAsync<JsonElement[]>("/api/runs") ?? []);
    }

    [Fact]
    public async Task GetRun_Unknown_Answers404()
    {
        await using var serve = await ServeFixture.StartAsync();

        using var response = await serve.Client.GetAsync(new Uri("/api/runs/nobody", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task TerminateThenPurge_RunningRun_EndsAndDisappears()
    {
        await using var serve = await ServeFixture.StartAsync(fineTuner: new InMemoryFineTuner(gated: true));
        using var start = await serve.Client.PostAsJsonAsync("/api/runs?instanceId=stuck", ServeFixture.Request("w"));
        var uris = await start.Content.ReadFromJsonAsync<JsonElement>();
        await WaitForStageAsync(serve, "stuck", "training");

        using var purgeRunning = await serve.Client.DeleteAsync(new Uri(uris.GetProperty("purgeHistoryDeleteUri").GetString()!));
        Assert.Equal(HttpStatusCode.Conflict, purgeRunning.StatusCode);
        using var suspend = await serve.Client.PostAsync(new Uri(uris.GetProperty("suspendPostUri").GetString()!.Replace("{text}", "pause", StringComparison.Ordinal)), null);
        Assert.Equal(HttpStatusCode.Accepted, suspend.StatusCode);
        using var resume = await serve.Client.PostAsync(new Uri(uris.GetProperty("resumePostUri").GetString()!.Replace("{text}", "go", StringComparison.Ordinal)), null);
        Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
        using var terminate = await serve.Client.PostAsync(new Uri(uris.GetProperty("terminatePostUri").GetString()!.Replace("{text}", "enough", StringComparison.Ordinal)), null);
        Assert.Equal(HttpStatusCode.Accepted, terminate.StatusCode);
        var status = await serve.PollUntilDoneAsync(uris.GetProperty("statusQueryGetUri").GetString()!);
        Assert.Equal("Terminated", status.GetProperty("runtimeStatus").GetString());

        using var terminateAgain = await serve.Client.PostAsync(new Uri("/api/runs/stuck/terminate", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Gone, terminateAgain.StatusCode);
        using var purge = await serve.Client.DeleteAsync(new Uri("/api/runs/stuck", UriKind.Relative));
        Assert.Equal(1, (await purge.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instancesDeleted").GetInt32());
        using var gone = await serve.Client.GetAsync(new Uri("/api/runs/stuck", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    internal static async Task WaitForStageAsync(ServeFixture serve, string id, string stage)
    {
        var deadline = DateTime.UtcNow + ServeFixture.Timeout;
        while (true)
        {
            var status = await serve.Client.GetFromJsonAsync<JsonElement>($"/api/runs/{id}");
            if (status.GetProperty("customStatus") is { ValueKind: JsonValueKind.Object } custom && custom.GetProperty("stage").GetString() == stage)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"run {id} never reached stage {stage}: {status}");
            await Task.Delay(20);
        }
    }
}
