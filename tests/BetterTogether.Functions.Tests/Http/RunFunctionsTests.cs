using BetterTogether.Testing.Azurite;
using BetterTogether.Workflow.Tests.Optimization;
using Microsoft.AspNetCore.Http;

namespace BetterTogether.Functions.Tests.Http;

[Collection(AzuriteCollection.Name)]
public sealed class RunFunctionsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task StartStatusListArtifactPurge_WholeRun_OnAzureStorage()
    {
        await using var fn = await FunctionsHarness.StartAsync(azurite);
        var start = await fn.SendAsync("POST", "/api/runs?instanceId=fn-run-1", r => fn.Runs.StartAsync(r, fn.Client), FunctionsHarness.Json(AdditionTask.Request("p -> w -> p")));
        Assert.True(StatusCodes.Status202Accepted == start.Status, start.ToString());
        Assert.Equal("http://localhost:7071/api/runs/fn-run-1", start.Json.GetProperty("statusQueryGetUri").GetString());
        Assert.Equal("http://localhost:7071/api/runs/fn-run-1", start.Location);

        var done = await fn.WaitForRunAsync("fn-run-1");
        Assert.Equal(StatusCodes.Status200OK, done.Status);
        Assert.Equal("Completed", done.Json.GetProperty("runtimeStatus").GetString());
        Assert.Equal("fn-run-1", done.Json.GetProperty("output").GetProperty("instanceId").GetString());
        Assert.Equal(1, fn.FineTuner.Starts);

        var list = await fn.SendAsync("GET", "/api/runs?runtimeStatus=Completed", r => fn.Runs.ListAsync(r, fn.Client));
        Assert.Equal(StatusCodes.Status200OK, list.Status);
        Assert.Contains(list.Json.EnumerateArray(), run => run.GetProperty("instanceId").GetString() == "fn-run-1");

        var report = await fn.SendAsync("GET", "/api/runs/fn-run-1/artifacts/report.json", r => fn.Runs.GetArtifactAsync(r, "fn-run-1", "report.json"));
        Assert.Equal(StatusCodes.Status200OK, report.Status);
        Assert.Equal("application/json", report.ContentType);
        Assert.Equal("fn-run-1", report.Json.GetProperty("instanceId").GetString());

        var finishedTerminate = await fn.SendAsync("POST", "/api/runs/fn-run-1/terminate", r => fn.Runs.TerminateAsync(r, fn.Client, "fn-run-1"));
        Assert.Equal(StatusCodes.Status410Gone, finishedTerminate.Status);

        var again = await fn.SendAsync("POST", "/api/runs?instanceId=fn-run-1", r => fn.Runs.StartAsync(r, fn.Client), FunctionsHarness.Json(AdditionTask.Request("p")));
        Assert.Equal(StatusCodes.Status409Conflict, again.Status);

        var purge = await fn.SendAsync("DELETE", "/api/runs/fn-run-1", r => fn.Runs.PurgeAsync(r, fn.Client, "fn-run-1"));
        Assert.Equal(StatusCodes.Status200OK, purge.Status);
        Assert.Equal(1, purge.Json.GetProperty("instancesDeleted").GetInt32());
        var gone = await fn.SendAsync("GET", "/api/runs/fn-run-1", r => fn.Runs.GetAsync(r, fn.Client, "fn-run-1"));
        Assert.Equal(StatusCodes.Status404NotFound, gone.Status);
    }

    [Fact]
    public async Task SuspendResumeTerminateRaiseEvent_RunInTraining()
    {
        var tuner = new InMemoryFineTuner(gated: true);
        await using var fn = await FunctionsHarness.StartAsync(azurite, tuner);
        var start = await fn.SendAsync("POST", "/api/runs?instanceId=fn-held", r => fn.Runs.StartAsync(r, fn.Client), FunctionsHarness.Json(AdditionTask.Request("w")));
        Assert.Equal(StatusCodes.Status202Accepted, start.Status);
        await FunctionsHarness.UntilAsync(() => Task.FromResult(tuner.Starts > 0), "training started");

        var running = await fn.SendAsync("GET", "/api/runs/fn-held?showInput=false", r => fn.Runs.GetAsync(r, fn.Client, "fn-held"));
        Assert.Equal(StatusCodes.Status202Accepted, running.Status);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, running.Json.GetProperty("input").ValueKind);

        Assert.Equal(StatusCodes.Status202Accepted, (await fn.SendAsync("POST", "/api/runs/fn-held/suspend?reason=pause", r => fn.Runs.SuspendAsync(r, fn.Client, "fn-held"))).Status);
        await FunctionsHarness.UntilAsync(async () => (await fn.Client.GetInstanceAsync("fn-held"))?.RuntimeStatus == Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Suspended, "suspended");
        var purgeSuspended = await fn.SendAsync("DELETE", "/api/runs/fn-held", r => fn.Runs.PurgeAsync(r, fn.Client, "fn-held"));
        Assert.Equal(StatusCodes.Status409Conflict, purgeSuspended.Status);

        Assert.Equal(StatusCodes.Status202Accepted, (await fn.SendAsync("POST", "/api/runs/fn-held/resume", r => fn.Runs.ResumeAsync(r, fn.Client, "fn-held"))).Status);
        Assert.Equal(StatusCodes.Status202Accepted, (await fn.SendAsync("POST", "/api/runs/fn-held/raiseEvent/note", r => fn.Runs.RaiseEventAsync(r, fn.Client, "fn-held", "note"), "{\"x\":1}")).Status);
        Assert.Equal(StatusCodes.Status202Accepted, (await fn.SendAsync("POST", "/api/runs/fn-held/terminate?reason=enough", r => fn.Runs.TerminateAsync(r, fn.Client, "fn-held"))).Status);
        var ended = await fn.WaitForRunAsync("fn-held");
        Assert.Equal("Terminated", ended.Json.GetProperty("runtimeStatus").GetString());
        tuner.Release();
    }

    [Theory]
    [InlineData("{\"task\":\"addition\",\"stratgy\":\"p\"}", 400, "stratgy")]
    [InlineData("{\"task\":\"addition\",\"fineTune\":{\"rnak\":4}}", 400, "fineTune.rnak")]
    [InlineData("{\"task\":\"addition\",\"seed\":\"seven\"}", 400, "seed")]
    [InlineData("{\"task\":\"nope\"}", 400, "task")]
    [InlineData("{\"task\":\"addition\",\"strategy\":\"p -> x\"}", 400, "strategy")]
    [InlineData("not json", 400, null)]
    [InlineData("", 400, null)]
    [InlineData("null", 400, null)]
    public async Task Start_BadBody_400NamingTheField(string body, int status, string? field)
    {
        await using var fn = await FunctionsHarness.StartAsync(azurite);
        var answer = await fn.SendAsync("POST", "/api/runs", r => fn.Runs.StartAsync(r, fn.Client), body);
        Assert.Equal(status, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        if (field is not null)
        {
            Assert.Equal(field, answer.Json.GetProperty("field").GetString());
        }
    }

    [Fact]
    public async Task BadInput_4xxWithProblemDetails_AndTheHostKeepsServing()
    {
        await using var fn = await FunctionsHarness.StartAsync(azurite);
        var longStrategy = string.Join(" -> ", Enumerable.Repeat("p", 200));
        var tooLong = await fn.SendAsync("POST", "/api/runs", r => fn.Runs.StartAsync(r, fn.Client), FunctionsHarness.Json(AdditionTask.Request(longStrategy)));
        Assert.Equal(StatusCodes.Status400BadRequest, tooLong.Status);
        Assert.Equal("strategy", tooLong.Json.GetProperty("field").GetString());

        var huge = "{\"task\":\"addition\",\"strategy\":\"" + new string(' ', 2 << 20) + "p\"}";
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, (await fn.SendAsync("POST", "/api/runs", r => fn.Runs.StartAsync(r, fn.Client), huge)).Status);

        foreach (var id in new[] { "a\u0001b", new string('x', 101), ".hidden", "a/b", "a b" })
        {
            var start = await fn.SendAsync("POST", "/api/runs?instanceId=" + Uri.EscapeDataString(id), r => fn.Runs.StartAsync(r, fn.Client), FunctionsHarness.Json(AdditionTask.Request("p")));
            Assert.Equal(StatusCodes.Status400BadRequest, start.Status);
            Assert.Equal("instanceId", start.Json.GetProperty("field").GetString());
            var get = await fn.SendAsync("GET", "/api/runs/x", r => fn.Runs.GetAsync(r, fn.Client, id));
            Assert.Equal(StatusCodes.Status400BadRequest, get.Status);
        }

        foreach (var path in new[] { "../report.json", "a//b", "data/.train.jsonl.abc.bt-tmp", "report.json.bt-meta", ".bt/x", "a\u0000b" })
        {
            var artifact = await fn.SendAsync("GET", "/api/runs/r1/artifacts/x", r => fn.Runs.GetArtifactAsync(r, "r1", path));
            Assert.Equal(StatusCodes.Status400BadRequest, artifact.Status);
            Assert.Equal("path", artifact.Json.GetProperty("field").GetString());
        }

        Assert.Equal(StatusCodes.Status404NotFound, (await fn.SendAsync("GET", "/api/runs/r1/artifacts/report.json", r => fn.Runs.GetArtifactAsync(r, "r1", "report.json"))).Status);
        Assert.Equal(StatusCodes.Status404NotFound, (await fn.SendAsync("POST", "/api/runs/nobody/terminate", r => fn.Runs.TerminateAsync(r, fn.Client, "nobody"))).Status);
        Assert.Equal(StatusCodes.Status400BadRequest, (await fn.SendAsync("GET", "/api/runs?runtimeStatus=Sleeping", r => fn.Runs.ListAsync(r, fn.Client))).Status);
        Assert.Equal(StatusCodes.Status400BadRequest, (await fn.SendAsync("GET", "/api/runs?createdTimeFrom=yesterday", r => fn.Runs.ListAsync(r, fn.Client))).Status);
        Assert.Equal(StatusCodes.Status400BadRequest, (await fn.SendAsync("GET", "/api/runs/r1?showInput=maybe", r => fn.Runs.GetAsync(r, fn.Client, "r1"))).Status);

        // Still serving.
        var ok = await fn.SendAsync("POST", "/api/runs?instanceId=after-bad-input", r => fn.Runs.StartAsync(r, fn.Client), FunctionsHarness.Json(AdditionTask.Request("p")));
        Assert.Equal(StatusCodes.Status202Accepted, ok.Status);
        Assert.Equal("Completed", (await fn.WaitForRunAsync("after-bad-input")).Json.GetProperty("runtimeStatus").GetString());
    }
}
