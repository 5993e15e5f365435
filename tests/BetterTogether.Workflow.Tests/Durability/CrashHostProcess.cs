using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace BetterTogether.Workflow.Tests.Durability;

/// <summary>
/// One CrashHost process (built with these tests; its path is the <c>CrashHostPath</c> assembly metadata), with its output
/// captured for failure messages. Disposing kills it with its process tree if it is still running, so a failed test leaves
/// no host behind.
/// </summary>
internal sealed class CrashHostProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private CrashHostProcess(Process process, string name)
    {
        _process = process;
        Name = name;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>What the host wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.Length == 0 ? "(no output)" : _output.ToString();
            }
        }
    }

    public static CrashHostProcess Start(string name, IEnumerable<string> arguments)
    {
        var hostPath = typeof(CrashHostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CrashHostPath").Value!;
        Assert.True(File.Exists(hostPath), $"CrashHost is not built at {hostPath}.");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(hostPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new CrashHostProcess(Process.Start(start) ?? throw new InvalidOperationException("Could not start CrashHost."), name);
    }

    /// <summary>Waits for the host to exit on its own and returns its exit code.</summary>
    /// <exception cref="TimeoutException">It is still running after <paramref name="timeout"/>; the message has its output.</exception>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, string what)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Name} (pid {Id}) did not {what} within {timeout.TotalSeconds:F0} s. Its output:\n{Output}");
        }

        // The parameterless wait also drains the redirected output, so Output is complete.
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    /// <summary>SIGKILLs the host and its children and waits until it is gone.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                Kill();
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
