using Microsoft.Extensions.AI;

namespace BetterTogether.Cli.Serve.OpenAi;

/// <summary>A validated <c>POST /v1/chat/completions</c> body.</summary>
/// <param name="Model">The requested model, or null for the base model.</param>
/// <param name="Messages">The conversation.</param>
/// <param name="Temperature">Sampling temperature, or null for the server default.</param>
/// <param name="TopP">Nucleus probability, or null.</param>
/// <param name="MaxTokens">Generated-token cap, or null for the server default.</param>
/// <param name="Stop">Stop sequences.</param>
/// <param name="Seed">Sampler seed, or null.</param>
/// <param name="Stream">Whether to answer with server-sent events.</param>
/// <param name="IncludeUsage">Whether a streamed answer ends with a usage chunk (<c>stream_options.include_usage</c>).</param>
internal sealed record ChatCompletionRequest(
    string? Model,
    IReadOnlyList<ChatMessage> Messages,
    double? Temperature,
    double? TopP,
    int? MaxTokens,
    IReadOnlyList<string> Stop,
    long? Seed,
    bool Stream,
    bool IncludeUsage);
