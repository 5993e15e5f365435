using System.Text.Json;
using BetterTogether.Core.LanguageModels;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace BetterTogether.Cli.Serve.OpenAi;

/// <summary><c>POST /v1/chat/completions</c>: one JSON completion, or server-sent chunks ending with <c>data: [DONE]</c>.</summary>
internal static class ChatCompletionEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, OpenAiEngineHost host)
    {
        var cancellationToken = context.RequestAborted;
        ChatCompletionRequest request;
        try
        {
            using var body = await OpenAiBody.ReadAsync(context.Request, cancellationToken).ConfigureAwait(false);
            request = ChatCompletionRequestParser.Parse(body.RootElement);
        }
        catch (OpenAiRequestException ex)
        {
            return OpenAiErrors.From(ex);
        }

        if (!host.TryResolveModel(request.Model, out var adapter))
        {
            return OpenAiErrors.UnknownModel(request.Model!);
        }

        using var lease = host.Admission.TryEnter();
        if (lease is null)
        {
            return OpenAiErrors.Overloaded(context, host);
        }

        var modelName = request.Model ?? host.Model.Name;
        var options = ToChatOptions(request, host, adapter, modelName);
        var id = "chatcmpl-" + Guid.NewGuid().ToString("N");
        var created = host.Time.GetUtcNow().ToUnixTimeSeconds();
        try
        {
            if (request.Stream)
            {
                return await ChatCompletionStream.WriteAsync(context, host, request, options, id, created, modelName).ConfigureAwait(false);
            }

            var response = await host.Chat.GetResponseAsync(request.Messages, options, cancellationToken).ConfigureAwait(false);
            var usage = ToUsage(response.Usage);
            var choice = new ChatCompletionChoice(0, new ChatCompletionMessage("assistant", response.Text), FinishReason(response.FinishReason), null);
            return Results.Json(new ChatCompletionBody(id, "chat.completion", created, modelName, [choice], usage), OpenAiJson.Options);
        }
        catch (ContextWindowExceededException ex)
        {
            return OpenAiErrors.Create(StatusCodes.Status400BadRequest, ex.Message, OpenAiErrors.InvalidRequest, "context_length_exceeded", "messages");
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !context.Response.HasStarted)
        {
            return OpenAiErrors.Create(StatusCodes.Status500InternalServerError, $"Generation failed: {ex.Message}", OpenAiErrors.Server);
        }
    }

    internal static string FinishReason(ChatFinishReason? reason) => reason == ChatFinishReason.Length ? "length" : "stop";

    internal static UsageBody ToUsage(UsageDetails? usage)
    {
        var prompt = (int)(usage?.InputTokenCount ?? 0);
        var completion = (int)(usage?.OutputTokenCount ?? 0);
        return new UsageBody(prompt, completion, prompt + completion);
    }

    private static ChatOptions ToChatOptions(ChatCompletionRequest request, OpenAiEngineHost host, ServedAdapter? adapter, string modelName)
    {
        var options = new ChatOptions
        {
            ModelId = modelName,
            Temperature = (float)(request.Temperature ?? host.Options.DefaultTemperature),
            TopP = request.TopP is { } p ? (float)p : null,
            // Without max_tokens the engine gives the serving default, cut to the room the prompt leaves (as vLLM does).
            MaxOutputTokens = request.MaxTokens,
            Seed = request.Seed,
            StopSequences = [.. request.Stop],
        };
        if (adapter is not null)
        {
            options.AdditionalProperties = new AdditionalPropertiesDictionary { [ChatOptionKeys.AdapterName] = adapter.EngineKey };
        }

        return options;
    }
}
