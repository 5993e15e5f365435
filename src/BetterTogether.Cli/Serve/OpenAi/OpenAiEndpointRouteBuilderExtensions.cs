using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BetterTogether.Cli.Serve.OpenAi;

/// <summary>Maps the OpenAI-compatible API (<c>/v1/...</c>) over an <see cref="OpenAiEngineHost"/>.</summary>
public static class OpenAiEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET /v1/models</c>, <c>GET /v1/models/{id}</c>, <c>POST /v1/chat/completions</c> (JSON or SSE
    /// streaming), <c>POST /v1/load_lora_adapter</c> and <c>POST /v1/unload_lora_adapter</c>. Errors use OpenAI's
    /// <c>{"error":{...}}</c> shape: 400 bad request or unsupported field, 404 unknown model or adapter, 429 over the
    /// concurrency limit; <see cref="OpenAiErrorShapes.UseOpenAiErrorShapes"/> gives unknown routes and wrong methods the same shape.
    /// </summary>
    /// <param name="endpoints">The application's route builder.</param>
    /// <param name="host">The served model and adapters (the caller owns and disposes it).</param>
    /// <returns>The route builder, for chaining.</returns>
    public static IEndpointRouteBuilder MapOpenAiCompatibleEndpoints(this IEndpointRouteBuilder endpoints, OpenAiEngineHost host)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(host);
        var v1 = endpoints.MapGroup("/v1");
        v1.MapGet("/models", () => ModelsEndpoint.List(host));

        // A catch-all: Hugging Face model ids hold a slash (Qwen/Qwen2.5-0.5B-Instruct).
        v1.MapGet("/models/{**id}", (string id) => ModelsEndpoint.Get(host, id));

        // Func (not RequestDelegate) handlers, so the returned IResult is executed.
        Func<HttpContext, Task<IResult>> chat = context => ChatCompletionEndpoint.HandleAsync(context, host);
        Func<HttpContext, Task<IResult>> load = context => AdapterEndpoints.LoadAsync(context, host);
        Func<HttpContext, Task<IResult>> unload = context => AdapterEndpoints.UnloadAsync(context, host);
        v1.MapPost("/chat/completions", chat);
        v1.MapPost("/load_lora_adapter", load);
        v1.MapPost("/unload_lora_adapter", unload);
        return endpoints;
    }
}
