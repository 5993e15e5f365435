using System.Globalization;
using BetterTogether.Durable;
using BetterTogether.Durable.CrashHost;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Usage: CrashHost <database> <workDir> <items> <blockFrom>
// Runs (or resumes) instance "crash-run" on the embedded backend: a fan-out of <items> WorkActivity calls, two at a time.
// Each execution appends "start <item>" to workDir/executions.log; items >= <blockFrom> then never return (work in flight
// when the test kills the process). On completion the host writes workDir/result.txt ("<status> <output>") and exits 0.
if (args.Length != 4)
{
    await Console.Error.WriteLineAsync("usage: CrashHost <database> <workDir> <items> <blockFrom>");
    return 2;
}

const string InstanceId = "crash-run";
var settings = new CrashHostSettings(Path.Combine(args[1], "executions.log"), int.Parse(args[3], CultureInfo.InvariantCulture));
var items = int.Parse(args[2], CultureInfo.InvariantCulture);

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
builder.Services.AddSingleton(settings);
builder.Services.AddDurableBackend(new DurableBackendOptions { EmbeddedDatabasePath = args[0], MaxConcurrentActivities = 2 });
builder.Services.AddDurableTaskWorker(worker =>
{
    worker.AddTasks(tasks =>
    {
        tasks.AddOrchestrator<CrashRunOrchestrator>();
        tasks.AddActivity<WorkActivity>();
    });
    worker.UseOrchestrationService();
});
builder.Services.AddDurableTaskClient(client => client.UseOrchestrationService());

using var host = builder.Build();
await host.StartAsync();
var client = host.Services.GetRequiredService<DurableTaskClient>();
if (await client.GetInstanceAsync(InstanceId) is null)
{
    await client.ScheduleNewOrchestrationInstanceAsync(nameof(CrashRunOrchestrator), items, new StartOrchestrationOptions(InstanceId));
}

var done = await client.WaitForInstanceCompletionAsync(InstanceId, getInputsAndOutputs: true);
await File.WriteAllTextAsync(Path.Combine(args[1], "result.txt"), $"{done.RuntimeStatus} {done.SerializedOutput}");
await host.StopAsync();
return done.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? 0 : 1;
