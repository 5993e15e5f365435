using System.Diagnostics;
using System.Globalization;
using BetterTogether.TrainingJobs.Dispatch;

namespace BetterTogether.TrainingJobs.Local;

/// <summary>One child process running the trainer, with the tail of its output.</summary>
internal sealed class LocalExecution : IDisposable
{
    private readonly Queue<string> _tail = new();
    private readonly int _tailLines;
    private volatile bool _stopped;

    public LocalExecution(string name, string jobId, Process process, int tailLines)
    {
        Name = name;
        JobId = jobId;
        Process = process;
        _tailLines = tailLines;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
    }

    public string Name { get; }

    public string JobId { get; }

    public Process Process { get; }

    public bool IsRunning => !Process.HasExited;

    public JobExecutionStatus Status()
    {
        if (!Process.HasExited)
        {
            return new JobExecutionStatus(Name, JobExecutionState.Running);
        }

        // HasExited can flip before the redirected streams are drained; this wait returns once they are.
        Process.WaitForExit();
        var code = Process.ExitCode;
        var state = _stopped ? JobExecutionState.Stopped : code == 0 ? JobExecutionState.Succeeded : JobExecutionState.Failed;
        return new JobExecutionStatus(Name, state, string.Create(CultureInfo.InvariantCulture, $"exit code {code}; output tail:\n{Tail()}"));
    }

    public void Stop()
    {
        if (Process.HasExited)
        {
            return;
        }

        _stopped = true;
        try
        {
            Process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
    }

    public void Dispose()
    {
        Stop();
        Process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null || _tailLines == 0)
        {
            return;
        }

        lock (_tail)
        {
            _tail.Enqueue(line);
            while (_tail.Count > _tailLines)
            {
                _tail.Dequeue();
            }
        }
    }

    private string Tail()
    {
        lock (_tail)
        {
            return string.Join('\n', _tail);
        }
    }
}
