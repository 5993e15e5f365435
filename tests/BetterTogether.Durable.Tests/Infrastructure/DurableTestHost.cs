using BetterTogether.Durable.Client;
using BetterTogether.Durable.Tests.Samples;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace BetterTogether.Durable.Tests.Infrastructure;

/// <summary>A started host with the Durable worker (all sample tasks), client and backend, registered as an application would.</summary>
internal sealed class DurableTestHost : IAsyncDisposable
{
    private readonly IHost _host;

    private DurableTestHost(IHost host)
    {
        _host = host;
        Client = host.Services.GetRequiredService<DurableTaskClient>();
        Log = host.Services.GetRequiredService<ExecutionLog>();
    }

    public DurableTaskClient Client { get; }

    public ExecutionLog Log { get; }

    public IServiceProvider Services => _host.Services;

    public static async Task<DurableTestHost> StartAsync(DurableBackendOptions backend, ITestOutputHelper output)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddProvider(new TestOutputLoggerProvider(output));
        builder.Services.AddSingleton<ExecutionLog>();
        builder.Services.AddScoped<ActivityScope>();
        builder.Services.AddDurableBackend(backend);
        builder.Services.AddDurableTaskWorker(worker =>
        {
            worker.AddTasks(SampleTasks.Register);
            worker.UseOrchestrationService();
        });
        builder.Services.AddDurableTaskClient(client => client.UseOrchestrationService());
        builder.Services.Configure<OrchestrationServiceDurableTaskClientOptions>(Options.DefaultName, o => o.PollingInterval = TimeSpan.FromMilliseconds(50));
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new DurableTestHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
