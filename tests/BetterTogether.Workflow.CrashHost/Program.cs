using System.Globalization;
using BetterTogether.Storage.FileSystem;
using BetterTogether.Workflow.Caching;
using BetterTogether.Workflow.CrashHost;
using BetterTogether.Workflow.Embedded;
using BetterTogether.Workflow.Orchestration;
using Microsoft.Extensions.AI;

// Usage: CrashHost <storeDir> <workDir> <activityCount> <activityDelayMs>
// Runs (or resumes) instance "crash-run": a fan-out of <activityCount> "Work" activities, 2 at a time.
// Each activity logs its execution to workDir/executions.log, makes one cached LM call (the LM logs to
// workDir/lm-calls.log), waits <activityDelayMs>, and returns its item squared. On completion the
// host writes workDir/result.txt ("<status> <output>") and exits 0.
if (args.Length != 4)
{
    await Console.Error.WriteLineAsync("usage: CrashHost <storeDir> <workDir> <activityCount> <activityDelayMs>").ConfigureAwait(false);
    return 2;
}

var storeDir = args[0];
var workDir = args[1];
var count = int.Parse(args[2], CultureInfo.InvariantCulture);
var delay = TimeSpan.FromMilliseconds(int.Parse(args[3], CultureInfo.InvariantCulture));
const string InstanceId = "crash-run";

var store = new FileArtifactStore(storeDir);
var executions = new AppendLog(Path.Combine(workDir, "executions.log"));
using var lm = new ArtifactCachingChatClient(new CountingChatClient(new AppendLog(Path.Combine(workDir, "lm-calls.log"))), store);

var registry = new WorkflowRegistry()
    .AddActivity<int, int>("Work", async (_, item, cancellationToken) =>
    {
        executions.Append(item);
        await lm.GetResponseAsync([new ChatMessage(ChatRole.User, $"item {item}")], new ChatOptions { ModelId = "crash-model" }, cancellationToken).ConfigureAwait(false);
        await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        return item * item;
    })
    .AddOrchestrator<int, int>("CrashRun", async (context, n) =>
    {
        var results = await Task.WhenAll(Enumerable.Range(1, n).Select(i => context.CallActivityAsync<int>("Work", i))).ConfigureAwait(true);
        return results.Sum();
    });

await using var runtime = new EmbeddedOrchestrationRuntime(store, registry, new EmbeddedRuntimeOptions { MaxConcurrentActivities = 2, StatusPollInterval = TimeSpan.FromMilliseconds(100) });
await runtime.StartAsync().ConfigureAwait(false);
if (await runtime.GetInstanceAsync(InstanceId).ConfigureAwait(false) is null)
{
    await runtime.ScheduleNewOrchestrationInstanceAsync("CrashRun", count, new StartOrchestrationOptions(InstanceId)).ConfigureAwait(false);
}

var done = await runtime.WaitForInstanceCompletionAsync(InstanceId).ConfigureAwait(false);
await File.WriteAllTextAsync(Path.Combine(workDir, "result.txt"), $"{done.RuntimeStatus} {done.SerializedOutput}").ConfigureAwait(false);
return done.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? 0 : 1;
