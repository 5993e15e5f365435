using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using BetterTogether.TrainingJobs.Dispatch;

namespace BetterTogether.TrainingJobs.Local;

/// <summary>
/// Runs the trainer entrypoint (<c>bt-trainer</c>) as a child process per job with <c>--spec {path}</c> and the
/// request's environment, the same contract a container job gets. Executions are tracked in memory: after a
/// restart of this process they read as <see cref="JobExecutionState.Unknown"/> and the status blob is the truth.
/// Disposing the dispatcher kills executions still running.
/// </summary>
public sealed class LocalProcessDispatcher : IJobDispatcher, IDisposable
{
    /// <summary>The dispatcher name recorded with executions.</summary>
    public const string DispatcherName = "process";

    private readonly LocalProcessDispatcherOptions _options;
    private readonly ConcurrentDictionary<string, LocalExecution> _executions = new(StringComparer.Ordinal);
    private readonly Lock _startGate = new();

    /// <summary>Creates the dispatcher.</summary>
    /// <param name="options">Where the trainer is and how to run it.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public LocalProcessDispatcher(LocalProcessDispatcherOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <inheritdoc/>
    /// <remarks>A job with an execution still running gets that execution back instead of a second process.</remarks>
    public Task<JobExecution> StartAsync(JobDispatchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        lock (_startGate)
        {
            var running = _executions.Values.FirstOrDefault(e => e.JobId == request.JobId && e.IsRunning);
            if (running is not null)
            {
                return Task.FromResult(new JobExecution(running.Name, DispatcherName));
            }

            var process = new Process { StartInfo = CreateStartInfo(request) };
            if (!process.Start())
            {
                throw new InvalidOperationException($"The trainer process for job '{request.JobId}' did not start ({process.StartInfo.FileName}).");
            }

            var name = string.Create(CultureInfo.InvariantCulture, $"{request.JobId}-{process.Id}");
            _executions[name] = new LocalExecution(name, request.JobId, process, _options.OutputTailLines);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return Task.FromResult(new JobExecution(name, DispatcherName));
        }
    }

    /// <inheritdoc/>
    public Task<JobExecutionStatus> GetStatusAsync(string executionName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(executionName);
        return Task.FromResult(_executions.TryGetValue(executionName, out var execution)
            ? execution.Status()
            : new JobExecutionStatus(executionName, JobExecutionState.Unknown, "not started by this process"));
    }

    /// <inheritdoc/>
    public Task StopAsync(string executionName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(executionName);
        if (_executions.TryGetValue(executionName, out var execution))
        {
            execution.Stop();
        }

        return Task.CompletedTask;
    }

    /// <summary>Waits for an execution's process to exit (for tests and hosts shutting down).</summary>
    /// <param name="executionName">The execution.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The final status.</returns>
    public async Task<JobExecutionStatus> WaitAsync(string executionName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(executionName);
        if (_executions.TryGetValue(executionName, out var execution))
        {
            await execution.Process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }

        return await GetStatusAsync(executionName, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var execution in _executions.Values)
        {
            execution.Dispose();
        }

        _executions.Clear();
    }

    private ProcessStartInfo CreateStartInfo(JobDispatchRequest request)
    {
        var trainer = Path.GetFullPath(_options.TrainerPath);
        var isDll = trainer.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var start = new ProcessStartInfo(isDll ? DotnetHost() : trainer)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _options.WorkingDirectory ?? Path.GetDirectoryName(trainer) ?? Environment.CurrentDirectory,
        };
        if (isDll)
        {
            start.ArgumentList.Add(trainer);
        }

        start.ArgumentList.Add("--spec");
        start.ArgumentList.Add(request.SpecPath);
        foreach (var argument in _options.ExtraArguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in request.Environment)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    private string DotnetHost()
    {
        if (!string.IsNullOrWhiteSpace(_options.DotnetPath))
        {
            return _options.DotnetPath;
        }

        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return string.IsNullOrWhiteSpace(host) ? "dotnet" : host;
    }
}
