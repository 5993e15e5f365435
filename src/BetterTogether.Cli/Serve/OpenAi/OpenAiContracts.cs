using System.Text.Json.Serialization;

namespace BetterTogether.Cli.Serve.OpenAi;

/// <summary>A non-streamed chat completion (<c>object: chat.completion</c>).</summary>
internal sealed record ChatCompletionBody(string Id, string Object, long Created, string Model, IReadOnlyList<ChatCompletionChoice> Choices, UsageBody Usage);

/// <summary>One choice of a non-streamed completion.</summary>
internal sealed record ChatCompletionChoice(int Index, ChatCompletionMessage Message, string FinishReason, object? Logprobs);

/// <summary>The assistant message of a choice.</summary>
internal sealed record ChatCompletionMessage(string Role, string Content);

/// <summary>One server-sent event of a streamed completion (<c>object: chat.completion.chunk</c>).</summary>
internal sealed record ChatCompletionChunk(
    string Id,
    string Object,
    long Created,
    string Model,
    IReadOnlyList<ChatCompletionChunkChoice> Choices,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] UsageBody? Usage);

/// <summary>One choice of a chunk.</summary>
internal sealed record ChatCompletionChunkChoice(int Index, ChatCompletionDelta Delta, string? FinishReason);

/// <summary>What a chunk adds to the message.</summary>
internal sealed record ChatCompletionDelta(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Role,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Content);

/// <summary>Token counts.</summary>
internal sealed record UsageBody(int PromptTokens, int CompletionTokens, int TotalTokens);

/// <summary>The answer of <c>GET /v1/models</c>.</summary>
internal sealed record ModelListBody(string Object, IReadOnlyList<ModelCardBody> Data);

/// <summary>One served model: the base model, or an adapter whose <c>parent</c> is the base model (as vLLM lists them).</summary>
internal sealed record ModelCardBody(string Id, string Object, long Created, string OwnedBy, string Root, string? Parent);
