namespace BetterTogether.OpenAI.Configuration;

/// <summary>The kind of OpenAI-compatible server, which decides URL shape, auth header and adapter loading.</summary>
public enum OpenAIEndpointKind
{
    /// <summary>Any server speaking OpenAI chat completions (OpenAI, llama.cpp, Ollama, LM Studio); the URL is used as given.</summary>
    OpenAICompatible,

    /// <summary>vLLM: <c>/v1</c> is appended when missing, and adapters are loaded at run time by <c>load_lora_adapter</c>.</summary>
    Vllm,

    /// <summary>Azure OpenAI (v1 API): <c>/openai/v1/</c> is appended to the resource URL, the key goes in <c>api-key</c>, the model is the deployment.</summary>
    AzureOpenAI,
}
