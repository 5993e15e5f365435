using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BetterTogether.OpenAI.Telemetry;

/// <summary>
/// The telemetry every LM call carries: an OpenTelemetry span and metrics (GenAI semantic conventions, from
/// Microsoft.Extensions.AI's <see cref="OpenTelemetryChatClient"/>) and log events (<see cref="LoggingChatClient"/>).
/// Prompts and outputs stay out of spans; the logging client writes them at Trace level only.
/// </summary>
public static class LmTelemetry
{
    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> and <see cref="System.Diagnostics.Metrics.Meter"/> name of LM calls.</summary>
    public const string SourceName = "BetterTogether.LM";

    /// <summary>Adds OpenTelemetry (source <see cref="SourceName"/>) and logging to the pipeline, in that order.</summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="loggerFactory">Receives the log events; null or <see cref="NullLoggerFactory"/> leaves logging out.</param>
    /// <returns>The <paramref name="builder"/>.</returns>
    public static ChatClientBuilder UseLmTelemetry(this ChatClientBuilder builder, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var factory = loggerFactory ?? NullLoggerFactory.Instance;
        return builder
            .UseOpenTelemetry(factory, SourceName, client => client.EnableSensitiveData = false)
            .UseLogging(factory);
    }

    /// <summary>Wraps <paramref name="client"/> in <see cref="UseLmTelemetry"/> (for LMs not built by <see cref="Chat.OpenAIChatPipeline"/>, e.g. the in-process engine).</summary>
    /// <param name="client">The LM.</param>
    /// <param name="loggerFactory">Receives the log events; null leaves logging out.</param>
    /// <returns>The instrumented client; disposing it disposes <paramref name="client"/>.</returns>
    public static IChatClient WithLmTelemetry(this IChatClient client, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new ChatClientBuilder(client).UseLmTelemetry(loggerFactory).Build();
    }
}
