using BetterTogether.Cli.Hosting;
using Microsoft.Extensions.Hosting;

namespace BetterTogether.Cli.Serve;

/// <summary>Starts the Durable worker (resuming unfinished runs) with the server and stops it on shutdown.</summary>
internal sealed class RuntimeHostedService(OptimizationHost host) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => host.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => host.StopAsync(cancellationToken);
}
