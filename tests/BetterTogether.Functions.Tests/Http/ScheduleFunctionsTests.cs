using BetterTogether.Api.Schedules;
using BetterTogether.Storage;
using BetterTogether.Testing.Azurite;
using BetterTogether.Workflow.Optimization;
using BetterTogether.Workflow.Tests.Optimization;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BetterTogether.Functions.Tests.Http;

[Collection(AzuriteCollection.Name)]
public sealed class ScheduleFunctionsTests(AzuriteFixture azurite)
{
    private static readonly TimerInfo Tick = new() { ScheduleStatus = new ScheduleStatus() };

    [Fact]
    public async Task TimerTick_DueSlot_StartsExactlyOnce_AcrossRetriesAndInstances()
    {
        await using var fn = await FunctionsHarness.StartAsync(azurite);
        var put = await fn.SendAsync("PUT", "/api/schedules/nightly", r => fn.Schedules.PutAsync(r, "nightly"), FunctionsHarness.Json(new { cron = "0 0 * * * *", request = AdditionTask.Request("p") }));
        Assert.Equal(StatusCodes.Status200OK, put.Status);
        Assert.Equal("sched-nightly-20261208T110000Z", put.Json.GetProperty("nextInstanceId").GetString());

        await fn.Timer.RunAsync(Tick, fn.Client, CancellationToken.None);
        Assert.Empty(await ListScheduledAsync(fn));

        fn.Clock.Advance(TimeSpan.FromHours(1));

        // The timer fires, is retried, and a second app instance (its own ticker, as after scale-out) sees the same slot.
        await fn.Timer.RunAsync(Tick, fn.Client, CancellationToken.None);
        await fn.Timer.RunAsync(Tick, fn.Client, CancellationToken.None);
        var otherInstance = new ScheduleTicker(fn.Services.GetRequiredService<ScheduleStore>(), fn.Clock, NullLogger<ScheduleTicker>.Instance);
        Assert.Empty(await otherInstance.TickAsync(fn.Client));

        Assert.Equal(["sched-nightly-20261208T110000Z"], await ListScheduledAsync(fn));
        Assert.Equal("Completed", (await fn.WaitForRunAsync("sched-nightly-20261208T110000Z")).Json.GetProperty("runtimeStatus").GetString());

        var list = await fn.SendAsync("GET", "/api/schedules", r => fn.Schedules.ListAsync(r));
        Assert.Equal("sched-nightly-20261208T120000Z", Assert.Single(list.Json.EnumerateArray()).GetProperty("nextInstanceId").GetString());
        Assert.Equal(StatusCodes.Status204NoContent, (await fn.SendAsync("DELETE", "/api/schedules/nightly", r => fn.Schedules.DeleteAsync(r, "nightly"))).Status);
        Assert.Equal(StatusCodes.Status404NotFound, (await fn.SendAsync("GET", "/api/schedules/nightly", r => fn.Schedules.GetAsync(r, "nightly"))).Status);
    }

    [Fact]
    public async Task Schedules_BadInputAndCorruptRecords_4xx_AndListingGoesOn()
    {
        await using var fn = await FunctionsHarness.StartAsync(azurite);
        Assert.Equal(StatusCodes.Status400BadRequest, (await fn.SendAsync("PUT", "/api/schedules/x", r => fn.Schedules.PutAsync(r, "bad name!"), "{}")).Status);
        var badCron = await fn.SendAsync("PUT", "/api/schedules/x", r => fn.Schedules.PutAsync(r, "x"), FunctionsHarness.Json(new { cron = "0 0 * * *", request = AdditionTask.Request("p") }));
        Assert.Equal(StatusCodes.Status400BadRequest, badCron.Status);
        Assert.Equal("cron", badCron.Json.GetProperty("field").GetString());
        var never = await fn.SendAsync("PUT", "/api/schedules/x", r => fn.Schedules.PutAsync(r, "x"), FunctionsHarness.Json(new { cron = "0 0 0 31 2 *", request = AdditionTask.Request("p") }));
        Assert.Equal(StatusCodes.Status400BadRequest, never.Status);
        Assert.Contains("no slot", never.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var typo = await fn.SendAsync("PUT", "/api/schedules/x", r => fn.Schedules.PutAsync(r, "x"), "{\"cron\":\"0 0 * * * *\",\"request\":{\"task\":\"addition\"},\"enabeld\":false}");
        Assert.Equal(StatusCodes.Status400BadRequest, typo.Status);
        Assert.Equal("enabeld", typo.Json.GetProperty("field").GetString());

        Assert.Equal(StatusCodes.Status200OK, (await fn.SendAsync("PUT", "/api/schedules/good", r => fn.Schedules.PutAsync(r, "good"), FunctionsHarness.Json(new { cron = "0 0 * * * *", request = AdditionTask.Request("p") }))).Status);
        var store = fn.Services.GetRequiredService<IOptimizationEnvironment>().Store;
        await store.PutTextAsync("schedules/broken.json", "{ not json");

        var list = await fn.SendAsync("GET", "/api/schedules", r => fn.Schedules.ListAsync(r));
        Assert.Equal(StatusCodes.Status200OK, list.Status);
        Assert.Equal("good", Assert.Single(list.Json.EnumerateArray()).GetProperty("definition").GetProperty("name").GetString());
        Assert.Equal(StatusCodes.Status409Conflict, (await fn.SendAsync("GET", "/api/schedules/broken", r => fn.Schedules.GetAsync(r, "broken"))).Status);

        // The ticker skips the corrupt one and still serves the good one.
        fn.Clock.Advance(TimeSpan.FromHours(1));
        await fn.Timer.RunAsync(Tick, fn.Client, CancellationToken.None);
        Assert.Equal(["sched-good-20261208T110000Z"], await ListScheduledAsync(fn));
        await fn.WaitForRunAsync("sched-good-20261208T110000Z");
    }

    private static async Task<List<string>> ListScheduledAsync(FunctionsHarness fn)
    {
        var ids = new List<string>();
        await foreach (var run in fn.Client.GetAllInstancesAsync(new Microsoft.DurableTask.Client.OrchestrationQuery { InstanceIdPrefix = "sched-" }))
        {
            ids.Add(run.InstanceId);
        }

        return ids;
    }
}
