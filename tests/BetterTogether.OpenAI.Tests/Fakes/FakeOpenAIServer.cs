using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BetterTogether.OpenAI.Tests.Fakes;

/// <summary>
/// A minimal OpenAI-compatible server on Kestrel loopback: chat completions (JSON and SSE), vLLM's
/// load/unload_lora_adapter, OpenAI error JSON, and scripted faults (status, headers, delays).
/// The assistant echoes the last user message, so answers are checkable.
/// </summary>
internal sealed class FakeOpenAIServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _chatCalls;
    private int _loadCalls;

    private FakeOpenAIServer(WebApplication app, string baseModel)
    {
        _app = app;
        BaseModel = baseModel;
    }

    public string BaseModel { get; }

    public Uri Root { get; private set; } = null!;

    public Uri BaseUrl => new(Root, "v1/");

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public ConcurrentQueue<Fault> Faults { get; } = new();

    /// <summary>Applied to every chat request once <see cref="Faults"/> is empty.</summary>
    public Fault? PersistentFault { get; set; }

    /// <summary>When set, chat requests wait for it before answering.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Required key (Bearer or api-key header); null accepts anything.</summary>
    public string? RequiredApiKey { get; set; }

    public ConcurrentDictionary<string, string> Adapters { get; } = new(StringComparer.Ordinal);

    public SemaphoreSlim ChatArrived { get; } = new(0);

    public int ChatCalls => Volatile.Read(ref _chatCalls);

    public int LoadCalls => Volatile.Read(ref _loadCalls);

    public IEnumerable<RecordedRequest> ChatRequests => Requests.Where(r => r.Path.EndsWith("chat/completions", StringComparison.Ordinal));

    public static async Task<FakeOpenAIServer> StartAsync(string baseModel = "base-model")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeOpenAIServer(app, baseModel);
        app.MapPost("/v1/chat/completions", server.ChatAsync);
        app.MapPost("/openai/v1/chat/completions", server.ChatAsync);
        app.MapPost("/v1/load_lora_adapter", server.LoadAsync);
        app.MapPost("/v1/unload_lora_adapter", server.UnloadAsync);
        await app.StartAsync();
        server.Root = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        Gate?.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
        ChatArrived.Dispose();
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string message, string type) =>
        WriteJsonAsync(context, status, new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = null, ["code"] = status },
        });

    private static async Task WriteJsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private static int CountWords(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    private async Task<JsonElement?> RecordAsync(HttpContext context)
    {
        using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var body = document.RootElement.Clone();
        var headers = context.Request.Headers;
        Requests.Enqueue(new RecordedRequest(context.Request.Path, body, headers.Authorization.FirstOrDefault(), headers["api-key"].FirstOrDefault()));
        if (RequiredApiKey is not null && headers.Authorization.FirstOrDefault() != $"Bearer {RequiredApiKey}" && headers["api-key"].FirstOrDefault() != RequiredApiKey)
        {
            await WriteErrorAsync(context, 401, "Incorrect API key provided.", "invalid_request_error");
            return null;
        }

        return body;
    }

    private async Task ChatAsync(HttpContext context)
    {
        Interlocked.Increment(ref _chatCalls);
        if (await RecordAsync(context) is not { } body)
        {
            return;
        }

        ChatArrived.Release();
        if (Faults.TryDequeue(out var fault) || (fault = PersistentFault) is not null)
        {
            if (fault.Delay > TimeSpan.Zero)
            {
                await Task.Delay(fault.Delay, context.RequestAborted);
            }

            if (fault.Status > 0)
            {
                foreach (var (name, value) in fault.Headers ?? new Dictionary<string, string>())
                {
                    context.Response.Headers[name] = value;
                }

                context.Response.StatusCode = fault.Status;
                await context.Response.WriteAsync(fault.Body ?? string.Empty, context.RequestAborted);
                return;
            }
        }

        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(context.RequestAborted);
        }

        var model = body.GetProperty("model").GetString() ?? string.Empty;
        if (model != BaseModel && !Adapters.ContainsKey(model))
        {
            await WriteErrorAsync(context, 404, $"The model `{model}` does not exist.", "NotFoundError");
            return;
        }

        var messages = body.GetProperty("messages").EnumerateArray().ToList();
        var last = messages.Last(m => m.GetProperty("role").GetString() == "user");
        var words = $"echo {model}: {ReadContent(last)}".Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var finish = "stop";
        if (body.TryGetProperty("stop", out var stops) && stops.ValueKind == JsonValueKind.Array)
        {
            var stopWords = stops.EnumerateArray().Select(s => s.GetString()).ToHashSet();
            var cut = words.FindIndex(stopWords.Contains);
            if (cut >= 0)
            {
                words = words[..cut];
            }
        }

        var limit = body.TryGetProperty("max_completion_tokens", out var max) || body.TryGetProperty("max_tokens", out max) ? max.GetInt32() : int.MaxValue;
        if (words.Count > limit)
        {
            words = words[..limit];
            finish = "length";
        }

        var promptTokens = messages.Sum(m => CountWords(ReadContent(m)));
        var usage = new JsonObject { ["prompt_tokens"] = promptTokens, ["completion_tokens"] = words.Count, ["total_tokens"] = promptTokens + words.Count };
        var stream = body.TryGetProperty("stream", out var streamFlag) && streamFlag.GetBoolean();
        if (stream)
        {
            var includeUsage = body.TryGetProperty("stream_options", out var so) && so.TryGetProperty("include_usage", out var iu) && iu.GetBoolean();
            await StreamAsync(context, model, words, finish, includeUsage ? usage : null);
            return;
        }

        await WriteJsonAsync(context, 200, new JsonObject
        {
            ["id"] = "chatcmpl-fake",
            ["object"] = "chat.completion",
            ["created"] = 1_700_000_000,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = string.Join(' ', words) },
                ["finish_reason"] = finish,
            }),
            ["usage"] = usage,
        });
    }

    public static string ReadContent(JsonElement message)
    {
        var content = message.GetProperty("content");
        return content.ValueKind == JsonValueKind.String
            ? content.GetString()!
            : string.Concat(content.EnumerateArray().Select(part => part.GetProperty("text").GetString()));
    }

    private static async Task StreamAsync(HttpContext context, string model, List<string> words, string finish, JsonObject? usage)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        JsonObject Chunk(JsonObject? delta, string? finishReason) => new()
        {
            ["id"] = "chatcmpl-fake",
            ["object"] = "chat.completion.chunk",
            ["created"] = 1_700_000_000,
            ["model"] = model,
            ["choices"] = delta is null ? new JsonArray() : new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }),
        };

        var chunks = new List<JsonObject>();
        for (var i = 0; i < words.Count; i++)
        {
            var delta = new JsonObject { ["content"] = i == 0 ? words[i] : " " + words[i] };
            if (i == 0)
            {
                delta["role"] = "assistant";
            }

            chunks.Add(Chunk(delta, null));
        }

        chunks.Add(Chunk(new JsonObject(), finish));
        if (usage is not null)
        {
            var last = Chunk(null, null);
            last["usage"] = usage.DeepClone();
            chunks.Add(last);
        }

        var text = new StringBuilder();
        foreach (var chunk in chunks)
        {
            text.Append(CultureInfo.InvariantCulture, $"data: {chunk.ToJsonString()}\n\n");
        }

        text.Append("data: [DONE]\n\n");
        await context.Response.WriteAsync(text.ToString(), context.RequestAborted);
    }

    private async Task LoadAsync(HttpContext context)
    {
        Interlocked.Increment(ref _loadCalls);
        if (await RecordAsync(context) is not { } body)
        {
            return;
        }

        var name = body.GetProperty("lora_name").GetString()!;
        var path = body.GetProperty("lora_path").GetString()!;
        if (Adapters.ContainsKey(name))
        {
            await WriteErrorAsync(context, 400, $"The lora adapter '{name}' has already been loaded.", "InvalidUserInput");
            return;
        }

        if (!path.StartsWith('/'))
        {
            await WriteErrorAsync(context, 400, $"Invalid lora_path '{path}'.", "InvalidUserInput");
            return;
        }

        Adapters[name] = path;
        await context.Response.WriteAsync($"Success: LoRA adapter '{name}' added successfully.", context.RequestAborted);
    }

    private async Task UnloadAsync(HttpContext context)
    {
        if (await RecordAsync(context) is not { } body)
        {
            return;
        }

        var name = body.GetProperty("lora_name").GetString()!;
        if (!Adapters.TryRemove(name, out _))
        {
            await WriteErrorAsync(context, 404, $"The lora adapter '{name}' cannot be found.", "NotFoundError");
            return;
        }

        await context.Response.WriteAsync($"Success: LoRA adapter '{name}' removed successfully.", context.RequestAborted);
    }
}
