using System.Globalization;
using System.Text;

namespace BetterTogether.Workflow.CrashHost;

/// <summary>
/// A line-per-event file of this process that survives a SIGKILL: each line ("{unix ms} {entry}") is one write to a file
/// opened in append mode, so it reaches the OS before the event is acted on. One file per process, because .NET's append
/// mode is not O_APPEND and two processes appending to one file could overwrite each other's lines.
/// </summary>
internal sealed class AppendLog(string path)
{
    private readonly Lock _gate = new();

    public void Append(string entry)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()} {entry}\n");
        var bytes = Encoding.UTF8.GetBytes(line);
        lock (_gate)
        {
            using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            file.Write(bytes);
        }
    }
}
