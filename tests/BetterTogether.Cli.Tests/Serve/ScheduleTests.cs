using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BetterTogether.Cli.Serve.Schedules;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace BetterTogether.Cli.Tests.Serve;

public sealed class ScheduleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 15, 30, TimeSpan.Zero);

    [Fact]
    public async Task Scheduler_DueSlots_StartOnceEvenAcrossRestarts()
    {
        var clock = new ManualClock(T0);
        var folder = Path.Combine(Path.GetTempPath(), "bt-serve-tests", Guid.NewGuid().ToString("N"));
        await using (var serve = await ServeFixture.StartAsync(schedulerTime: clock, folder: folder))
        {
            using var put = await serve.Client.PutAsJsonAsync("/api/schedules/nightly", new { cron = "0 0 * * * *", request = ServeFixture.Request("p") });
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            var view = await put.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("sched-nightly-20261122T110000Z", view.GetProperty("nextInstanceId").GetString());

            var runner = serve.App.Services.GetRequiredService<ScheduleRunner>();
            Assert.Empty(await runner.TickAsync());
            clock.Advance(TimeSpan.FromHours(1));
            Assert.Equal(["sched-nightly-20261122T110000Z"], await runner.TickAsync());
            Assert.Empty(await runner.TickAsync());
            await serve.PollUntilDoneAsync($"{serve.Client.BaseAddress}api/runs/sched-nightly-20261122T110000Z");
            await AssertScheduledRunsAsync(serve, "sched-nightly-20261122T110000Z");
        }

        // Restart over the same store: the slot already ran, so nothing starts; a later missed slot runs once.
        using var cleanup = new TempFolder(folder);
        await using (var restarted = await ServeFixture.StartAsync(schedulerTime: clock, folder: folder))
        {
            var runner = restarted.App.Services.GetRequiredService<ScheduleRunner>();
            Assert.Empty(await runner.TickAsync());
            await AssertScheduledRunsAsync(restarted, "sched-nightly-20261122T110000Z");

            clock.Advance(TimeSpan.FromHours(5));
            Assert.Equal(["sched-nightly-20261122T160000Z"], await runner.TickAsync());
            await restarted.PollUntilDoneAsync($"{restarted.Client.BaseAddress}api/runs/sched-nightly-20261122T160000Z");
            await AssertScheduledRunsAsync(restarted, "sched-nightly-20261122T110000Z", "sched-nightly-20261122T160000Z");
        }
    }

    [Fact]
    public async Task Schedules_Crud_RoundTripsAndValidates()
    {
        await using var serve = await ServeFixture.StartAsync(schedulerTime: new ManualClock(T0));

        using var badCron = await serve.Client.PutAsJsonAsync("/api/schedules/x", new { cron = "0 0 * * *", request = ServeFixture.Request() });
        using var badTask = await serve.Client.PutAsJsonAsync("/api/schedules/x", new { cron = "0 0 * * * *", request = new { task = "nope" } });
        using var badName = await serve.Client.PutAsJsonAsync("/api/schedules/-x", new { cron = "0 0 * * * *", request = ServeFixture.Request() });
        using var disabled = await serve.Client.PutAsJsonAsync("/api/schedules/weekly", new { cron = "0 0 3 * * SUN", request = ServeFixture.Request(), enabled = false });

        Assert.Equal(HttpStatusCode.BadRequest, badCron.StatusCode);
        Assert.Contains("6", (await badCron.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badTask.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        var listed = Assert.Single((await serve.Client.GetFromJsonAsync<JsonElement>("/api/schedules")).EnumerateArray());
        Assert.False(listed.GetProperty("definition").GetProperty("enabled").GetBoolean());
        Assert.True(await serve.Host.Store.GetInfoAsync("schedules/weekly.json") is not null);
        Assert.Equal(HttpStatusCode.OK, (await serve.Client.GetAsync(new Uri("/api/schedules/weekly", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await serve.Client.DeleteAsync(new Uri("/api/schedules/weekly", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await serve.Client.GetAsync(new Uri("/api/schedules/weekly", UriKind.Relative))).StatusCode);
    }

    private static async Task AssertScheduledRunsAsync(ServeFixture serve, params string[] expected)
    {
        var ids = new List<string>();
        await foreach (var instance in serve.Host.Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = "sched-" }))
        {
            ids.Add(instance.InstanceId);
        }

        Assert.Equal(expected, ids);
    }
}
