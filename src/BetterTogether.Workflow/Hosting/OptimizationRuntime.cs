using BetterTogether.Durable;
using BetterTogether.Workflow.Optimization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BetterTogether.Workflow.Hosting;

/// <summary>
/// The BetterTogether orchestration on the real Durable Task engine in this process: a Durable worker (DurableTask.Core's
/// <c>TaskHubWorker</c> replaying the orchestrator and activity classes) over one backend (embedded SQLite or Azure
/// Storage), and a <see cref="DurableTaskClient"/> over the same backend. Local hosts (<c>bt optimize</c>, <c>bt serve</c>,
/// tests) use it; Azure Functions hosts the same classes itself.
/// </summary>
public sealed class OptimizationRuntime : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _started;

    private OptimizationRuntime(IHost host)
    {
        _host = host;
        Client = host.Services.GetRequiredService<DurableTaskClient>();
    }

    /// <summary>The payload convention of the orchestration's inputs, outputs and statuses (<see cref="WorkflowJson"/>).</summary>
    public static DataConverter DataConverter { get; } = new JsonDataConverter(WorkflowJson.Options);

    /// <summary>Starts, queries and manages runs.</summary>
    public DurableTaskClient Client { get; }

    /// <summary>Builds (does not start) the runtime.</summary>
    /// <param name="environment">The store, LM, fine-tuner and tasks the activities use.</param>
    /// <param name="backend">The Durable backend and its settings (validated here).</param>
    /// <param name="loggerFactory">Logs of the engine and the activities; none when null.</param>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public static OptimizationRuntime Create(IOptimizationEnvironment environment, DurableBackendOptions backend, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(backend);
        backend.Validate();
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        if (loggerFactory is not null)
        {
            builder.Services.AddSingleton(loggerFactory);
        }

        builder.Services.AddSingleton(environment);
        builder.Services.AddDurableBackend(backend);
        builder.Services.AddDurableTaskWorker(worker =>
        {
            worker.AddTasks(tasks => tasks.AddBetterTogether());
            worker.Configure(o =>
            {
                o.DataConverter = DataConverter;
                o.Concurrency.MaximumConcurrentActivityWorkItems = backend.MaxConcurrentActivities;
            });
            worker.UseOrchestrationService();
        });
        builder.Services.AddDurableTaskClient(client =>
        {
            client.Configure(o => o.DataConverter = DataConverter);
            client.UseOrchestrationService();
        });
        return new OptimizationRuntime(builder.Build());
    }

    /// <summary>Starts the worker: unfinished runs in the backend resume.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _host.StartAsync(cancellationToken).ConfigureAwait(false);
        _started = true;
    }

    /// <summary>Stops the worker; running activities are abandoned and run again on the next start.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_started)
        {
            _started = false;
            await _host.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Starts a run of the BetterTogether orchestration (<see cref="OptimizationRuns.StartAsync"/>).</summary>
    /// <exception cref="ArgumentException">The id is not a valid run id.</exception>
    /// <exception cref="InvalidOperationException">The id is taken (DurableTask.Core's <c>OrchestrationAlreadyExistsException</c>).</exception>
    public Task<string> StartRunAsync(OptimizationRunRequest request, string? instanceId = null, CancellationToken cancellationToken = default)
        => OptimizationRuns.StartAsync(Client, request, instanceId, cancellationToken);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        finally
        {
            _host.Dispose();
        }
    }
}
