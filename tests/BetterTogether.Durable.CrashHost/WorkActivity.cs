using System.Globalization;
using Microsoft.DurableTask;

namespace BetterTogether.Durable.CrashHost;

/// <summary>Logs its execution, then squares the item, or never returns for items from <see cref="CrashHostSettings.BlockFrom"/> on.</summary>
internal sealed class WorkActivity(CrashHostSettings settings) : TaskActivity<int, int>
{
    private static readonly Lock LogLock = new();

    public override async Task<int> RunAsync(TaskActivityContext context, int input)
    {
        lock (LogLock)
        {
            // Appended and closed at once, so the line is in the file even when the process is killed right after.
            File.AppendAllText(settings.ExecutionLogPath, string.Create(CultureInfo.InvariantCulture, $"start {input}\n"));
        }

        if (input >= settings.BlockFrom)
        {
            await Task.Delay(Timeout.Infinite);
        }

        return input * input;
    }
}
