using System.CommandLine;
using BetterTogether.OpenAI.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BetterTogether.Cli.Telemetry;

/// <summary>
/// Opt-in export of the LM calls' OpenTelemetry spans and metrics (<see cref="LmTelemetry.SourceName"/>):
/// <c>--otel-console</c> prints them; <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (with the other standard
/// <c>OTEL_EXPORTER_OTLP_*</c> variables) sends them over OTLP to a collector, Jaeger or the Aspire dashboard.
/// </summary>
internal sealed class TelemetryExport : IDisposable
{
    /// <summary>The standard variable whose presence turns the OTLP exporter on.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    private readonly TracerProvider _traces;
    private readonly MeterProvider _metrics;

    private TelemetryExport(TracerProvider traces, MeterProvider metrics)
    {
        _traces = traces;
        _metrics = metrics;
    }

    /// <summary>The root option (every subcommand takes it) that prints LM spans and metrics to the console.</summary>
    public static Option<bool> ConsoleOption { get; } = new("--otel-console")
    {
        Description = $"Print each LM call's OpenTelemetry span and the LM metrics to the console (set {OtlpEndpointVariable} to send them over OTLP instead or as well).",
        Recursive = true,
    };

    /// <summary>Starts the exporters asked for.</summary>
    /// <param name="console">Whether to print to the console.</param>
    /// <param name="getVariable">Reads an environment variable.</param>
    /// <returns>The running export (dispose it to flush), or null when neither is asked for.</returns>
    public static TelemetryExport? Start(bool console, Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var otlp = !string.IsNullOrWhiteSpace(getVariable(OtlpEndpointVariable));
        if (!console && !otlp)
        {
            return null;
        }

        var resource = ResourceBuilder.CreateDefault().AddService("bt");
        // Always on: the default (parent-based) sampler drops an LM span whose parent is an unrecorded activity,
        // as ASP.NET Core creates for every request to bt serve when nothing listens to it.
        var traces = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource).SetSampler(new AlwaysOnSampler()).AddSource(LmTelemetry.SourceName);
        var metrics = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource).AddMeter(LmTelemetry.SourceName);
        if (console)
        {
            traces.AddConsoleExporter();
            metrics.AddConsoleExporter();
        }

        if (otlp)
        {
            // The exporter reads the endpoint, protocol and headers from the OTEL_EXPORTER_OTLP_* variables itself.
            traces.AddOtlpExporter();
            metrics.AddOtlpExporter();
        }

        return new TelemetryExport(traces.Build(), metrics.Build());
    }

    /// <summary>Flushes and stops the exporters.</summary>
    public void Dispose()
    {
        _traces.Dispose();
        _metrics.Dispose();
    }
}
