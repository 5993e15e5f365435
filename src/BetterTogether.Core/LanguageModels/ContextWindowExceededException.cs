using System.Globalization;

namespace BetterTogether.Core.LanguageModels;

/// <summary>
/// A chat request does not fit the model's context window: the prompt, or the prompt plus the requested output
/// tokens, is longer than the model can attend to (OpenAI's and vLLM's <c>context_length_exceeded</c>). Chat
/// clients over a model throw it before generating; a predictor with demos retries with fewer of them.
/// </summary>
public sealed class ContextWindowExceededException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ContextWindowExceededException()
        : base("The request does not fit the model's context window.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ContextWindowExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause (e.g. a remote endpoint's 400 answer).</summary>
    public ContextWindowExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception from the token counts, with a message that gives them.</summary>
    /// <param name="contextTokens">The model's context window in tokens.</param>
    /// <param name="promptTokens">Tokens of the rendered prompt.</param>
    /// <param name="requestedOutputTokens">Output tokens the request asked room for.</param>
    public ContextWindowExceededException(int contextTokens, int promptTokens, int requestedOutputTokens)
        : base(string.Create(
            CultureInfo.InvariantCulture,
            $"The model's context window is {contextTokens} tokens, but the request needs {promptTokens + requestedOutputTokens} ({promptTokens} in the messages, {requestedOutputTokens} for the reply). Shorten the messages (fewer demos or shorter inputs) or ask for fewer output tokens."))
    {
        ContextTokens = contextTokens;
        PromptTokens = promptTokens;
        RequestedOutputTokens = requestedOutputTokens;
    }

    /// <summary>The model's context window in tokens, when the client knows it.</summary>
    public int? ContextTokens { get; }

    /// <summary>Tokens of the rendered prompt, when the client knows them.</summary>
    public int? PromptTokens { get; }

    /// <summary>Output tokens the request asked room for, when the client knows them.</summary>
    public int? RequestedOutputTokens { get; }
}
