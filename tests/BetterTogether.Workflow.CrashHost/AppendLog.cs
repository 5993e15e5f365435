using System.Globalization;
using System.Text;

namespace BetterTogether.Workflow.CrashHost;

/// <summary>A line-per-event file that survives a SIGKILL of the host: each line is one write to an append-mode file.</summary>
internal sealed class AppendLog(string path)
{
    private readonly object _gate = new();

    public void Append(int value)
    {
        var bytes = Encoding.UTF8.GetBytes(value.ToString(CultureInfo.InvariantCulture) + "\n");
        lock (_gate)
        {
            using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            file.Write(bytes);
        }
    }
}
