using System.Runtime.InteropServices;
using BetterTogether.Trainer.Backends;
using BetterTogether.Trainer.Cli;
using BetterTogether.Trainer.Running;
using Microsoft.Extensions.Logging;

using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o =>
{
    o.SingleLine = true;
    o.TimestampFormat = "HH:mm:ss ";
}).SetMinimumLevel(LogLevel.Information));
var logger = loggerFactory.CreateLogger("bt-trainer");

TrainerArguments arguments;
try
{
    arguments = TrainerArguments.Parse(args, Environment.GetEnvironmentVariable);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
    return TrainerExitCodes.BadInput;
}

// A stopped container execution gets SIGTERM: stop training and record the cancellation.
using var stop = new CancellationTokenSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

var runner = new TrainerRunner(TrainingBackends.CreateDefault(), logger: logger);
try
{
    return await runner.RunAsync(arguments, stop.Token).ConfigureAwait(false);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
    return TrainerExitCodes.BadInput;
}
