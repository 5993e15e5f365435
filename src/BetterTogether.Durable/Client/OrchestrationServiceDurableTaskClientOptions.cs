using Microsoft.DurableTask.Client;

namespace BetterTogether.Durable.Client;

/// <summary>Options of <see cref="OrchestrationServiceDurableTaskClient"/>: the SDK's client options plus the polling interval.</summary>
public sealed class OrchestrationServiceDurableTaskClientOptions : DurableTaskClientOptions
{
    /// <summary>The interval at which the client polls an instance while waiting for it to start or finish. Default: 250 ms.</summary>
    public TimeSpan PollingInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
