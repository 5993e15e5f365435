using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace BetterTogether.Cli.Serve.OpenAi;

/// <summary>
/// Streams a completion as server-sent events: a role chunk, content chunks, a finish chunk, a usage chunk when
/// <c>stream_options.include_usage</c> is set, then <c>data: [DONE]</c>. The first engine update is awaited before
/// the response starts, so a refused prompt still gets a proper error status.
/// </summary>
internal static class ChatCompletionStream
{
    public static async Task<IResult> WriteAsync(HttpContext context, OpenAiEngineHost host, ChatCompletionRequest request, ChatOptions options, string id, long created, string model)
    {
        var cancellationToken = context.RequestAborted;
        var updates = host.Chat.GetStreamingResponseAsync(request.Messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (updates.ConfigureAwait(false))
        {
            // Throws here (before any byte is sent) when the engine refuses the request.
            var hasUpdate = await updates.MoveNextAsync().ConfigureAwait(false);

            var response = context.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            await WriteEventAsync(response, Chunk(id, created, model, new ChatCompletionDelta("assistant", string.Empty), null), cancellationToken).ConfigureAwait(false);

            UsageDetails? usage = null;
            ChatFinishReason? finish = null;
            try
            {
                while (hasUpdate)
                {
                    var update = updates.Current;
                    usage = update.Contents.OfType<UsageContent>().FirstOrDefault()?.Details ?? usage;
                    finish = update.FinishReason ?? finish;
                    if (update.Text is { Length: > 0 } text)
                    {
                        await WriteEventAsync(response, Chunk(id, created, model, new ChatCompletionDelta(null, text), null), cancellationToken).ConfigureAwait(false);
                    }

                    hasUpdate = await updates.MoveNextAsync().ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Headers are gone: report the failure in-band, as OpenAI-compatible servers do, and end the stream.
                var error = new OpenAiErrors.ErrorEnvelope(new OpenAiErrors.ErrorBody(ex.Message, OpenAiErrors.Server, null, null));
                await WriteDataAsync(response, JsonSerializer.Serialize(error, OpenAiJson.Options), cancellationToken).ConfigureAwait(false);
                return Results.Empty;
            }

            await WriteEventAsync(response, Chunk(id, created, model, new ChatCompletionDelta(null, null), ChatCompletionEndpoint.FinishReason(finish)), cancellationToken).ConfigureAwait(false);
            if (request.IncludeUsage)
            {
                var chunk = new ChatCompletionChunk(id, "chat.completion.chunk", created, model, [], ChatCompletionEndpoint.ToUsage(usage));
                await WriteEventAsync(response, chunk, cancellationToken).ConfigureAwait(false);
            }

            await WriteDataAsync(response, "[DONE]", cancellationToken).ConfigureAwait(false);
            return Results.Empty;
        }
    }

    private static ChatCompletionChunk Chunk(string id, long created, string model, ChatCompletionDelta delta, string? finishReason) =>
        new(id, "chat.completion.chunk", created, model, [new ChatCompletionChunkChoice(0, delta, finishReason)], null);

    private static Task WriteEventAsync(HttpResponse response, ChatCompletionChunk chunk, CancellationToken cancellationToken) =>
        WriteDataAsync(response, JsonSerializer.Serialize(chunk, OpenAiJson.Options), cancellationToken);

    private static async Task WriteDataAsync(HttpResponse response, string data, CancellationToken cancellationToken)
    {
        await response.WriteAsync("data: " + data + "\n\n", cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
