using System.Globalization;
using System.Text.Json;
using BetterTogether.Storage.FileSystem;
using BetterTogether.Workflow.Caching;
using BetterTogether.Workflow.CrashHost;
using BetterTogether.Workflow.Hosting;
using BetterTogether.Workflow.Optimization;
using BetterTogether.Workflow.Tests.Optimization;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

// The real BetterTogether orchestration on the real Durable engine, in a process the durability tests can SIGKILL.
// Files in the work folder, one per process (pid) where processes could write at once:
//   writes-{pid}.log    "{unix ms} {path}" per artifact written       lm-calls-{pid}.log  "{unix ms} {cache key}" per LM call
//   checks-{pid}.log    "{unix ms} {path}" per existence check (an activity looking for its own output)
//   finetune-{pid}.log  fine-tuning starts and polls                   finetune/{job}.json fine-tuning job state
//   ready-{pid}         the worker is running                           frozen              where the freeze plan hung
//   result.json         run/submit: the run's status and report
CrashHostOptions options;
try
{
    options = CrashHostOptions.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"{e.Message}\n{CrashHostOptions.Usage}");
    return 2;
}

var work = Directory.CreateDirectory(options.WorkFolder).FullName;
var pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
var freeze = new FreezePlan(Path.Combine(work, "frozen"), options.FreezeAfterCandidates, options.FreezeAtPoll);
var files = new FileArtifactStore(options.StoreFolder);
var store = new LoggingArtifactStore(files, new AppendLog(Path.Combine(work, $"writes-{pid}.log")), new AppendLog(Path.Combine(work, $"checks-{pid}.log")), freeze);
var addition = new AdditionLm();

// Only for its content address: the same key the activities' cache files the response under.
using var keys = new ArtifactCachingChatClient(addition, files, RunArtifacts.LmCachePrefix);
var lm = new CallLoggingChatClient(addition, keys.ComputeKey, new AppendLog(Path.Combine(work, $"lm-calls-{pid}.log")), options.LmDelay, freeze);
var fineTuner = new FileFineTuner(Path.Combine(work, "finetune"), options.TrainingPolls, new AppendLog(Path.Combine(work, $"finetune-{pid}.log")), freeze);
var environment = new OptimizationEnvironment(store, lm, "scripted-addition", fineTuner, AdditionTask.Resolve);

using var logging = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
using var timeout = new CancellationTokenSource(options.Timeout);
await using var runtime = OptimizationRuntime.Create(environment, options.Backend, logging);
try
{
    if (options.Mode != "submit")
    {
        await runtime.StartAsync(timeout.Token);
        await File.WriteAllTextAsync(Path.Combine(work, $"ready-{pid}"), options.Backend.ResolveWorkerId(), timeout.Token);
    }

    if (options.Mode == "worker")
    {
        while (await runtime.Client.GetInstanceAsync(CrashRun.InstanceId, timeout.Token) is not { IsCompleted: true })
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), timeout.Token);
        }

        return 0;
    }

    if (await runtime.Client.GetInstanceAsync(CrashRun.InstanceId, timeout.Token) is null)
    {
        await runtime.StartRunAsync(CrashRun.Request, CrashRun.InstanceId, timeout.Token);
    }

    var done = await runtime.Client.WaitForInstanceCompletionAsync(CrashRun.InstanceId, getInputsAndOutputs: true, timeout.Token);
    var result = new
    {
        RuntimeStatus = done.RuntimeStatus.ToString(),
        Failure = done.FailureDetails?.ErrorMessage,
        Report = done.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? done.ReadOutputAs<OptimizationReport>() : null,
    };
    var path = Path.Combine(work, "result.json");
    await File.WriteAllTextAsync(path + ".tmp", JsonSerializer.Serialize(result, ReportJson.Options), timeout.Token);
    File.Move(path + ".tmp", path, overwrite: true);
    return done.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? 0 : 1;
}
catch (OperationCanceledException) when (timeout.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync($"crash-host ({options.Mode}, pid {pid}): run \"{CrashRun.InstanceId}\" did not end within {options.Timeout}.");
    return 124;
}
