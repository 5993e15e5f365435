using System.Net;

namespace BetterTogether.Cli.Serve;

/// <summary>Settings of <c>bt serve</c>.</summary>
public sealed class ServeOptions
{
    /// <summary>The default port (Azure Functions' local default).</summary>
    public const int DefaultPort = 7071;

    /// <summary>The address to bind: <c>127.0.0.1</c> (default), <c>localhost</c>, <c>::1</c>, or any IP (needs an API key).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The port; 0 picks a free one.</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>The key clients send as <c>x-api-key</c> or <c>?code=</c>; required when binding beyond loopback.</summary>
    public string? ApiKey { get; init; }

    /// <summary>How often the scheduler checks schedules.</summary>
    public TimeSpan SchedulerInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How far back a slot missed while the server was down is still run (once) on start.</summary>
    public TimeSpan MissedSlotWindow { get; init; } = TimeSpan.FromDays(31);

    /// <summary>True when <see cref="Host"/> is a loopback address.</summary>
    public bool IsLoopback => string.Equals(Host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(Host, out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A value is invalid.</exception>
    /// <exception cref="InvalidOperationException">The host is not loopback and no API key is set: the server refuses to start.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Host);
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentException($"--port {Port} is not a port number (0-65535; 0 picks a free one).", nameof(Port));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(SchedulerInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MissedSlotWindow, TimeSpan.Zero);
        if (!IsLoopback && !IPAddress.TryParse(Host, out _))
        {
            throw new ArgumentException($"--host '{Host}' is not an IP address or 'localhost'.", nameof(Host));
        }

        if (!IsLoopback && string.IsNullOrWhiteSpace(ApiKey))
        {
            throw new InvalidOperationException($"Refusing to bind {Host}: it is reachable beyond this machine, so an API key is required (pass --api-key or set BT_API_KEY).");
        }
    }
}
