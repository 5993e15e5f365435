using System.Text.Json;
using BetterTogether.Engine.Peft;
using BetterTogether.Engine.SafeTensors;
using Microsoft.AspNetCore.Http;

namespace BetterTogether.Cli.Serve.OpenAi;

/// <summary>
/// vLLM's run-time adapter routes: <c>POST /v1/load_lora_adapter {lora_name, lora_path}</c> and
/// <c>POST /v1/unload_lora_adapter {lora_name}</c>, answering plain-text success and vLLM's error messages
/// ("has already been loaded", "cannot be found") so vLLM clients treat repeats as done.
/// </summary>
internal static class AdapterEndpoints
{
    public static async Task<IResult> LoadAsync(HttpContext context, OpenAiEngineHost host)
    {
        try
        {
            using var body = await OpenAiBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
            var name = RequiredString(body.RootElement, "lora_name");
            var path = RequiredString(body.RootElement, "lora_path");
            if (string.Equals(name, host.Model.Name, StringComparison.Ordinal))
            {
                throw OpenAiRequestException.BadRequest($"lora_name '{name}' is the base model's name.", "lora_name");
            }

            if (!host.LoadAdapter(name, path))
            {
                return OpenAiErrors.Create(StatusCodes.Status400BadRequest, $"The lora adapter '{name}' has already been loaded.", OpenAiErrors.InvalidRequest, null, "lora_name");
            }

            return Results.Text($"Success: LoRA adapter '{name}' added successfully.");
        }
        catch (OpenAiRequestException ex)
        {
            return OpenAiErrors.From(ex);
        }
        catch (DirectoryNotFoundException ex)
        {
            return OpenAiErrors.Create(StatusCodes.Status404NotFound, ex.Message, OpenAiErrors.NotFound, "adapter_not_found", "lora_path");
        }
        catch (Exception ex) when (ex is AdapterFormatException or SafeTensorsException or ArgumentException)
        {
            return OpenAiErrors.Create(StatusCodes.Status400BadRequest, $"Loading the LoRA adapter failed: {ex.Message}", OpenAiErrors.InvalidRequest, null, "lora_path");
        }
    }

    public static async Task<IResult> UnloadAsync(HttpContext context, OpenAiEngineHost host)
    {
        try
        {
            using var body = await OpenAiBody.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
            var name = RequiredString(body.RootElement, "lora_name");
            return host.UnloadAdapter(name)
                ? Results.Text($"Success: LoRA adapter '{name}' removed successfully.")
                : OpenAiErrors.Create(StatusCodes.Status404NotFound, $"The lora adapter '{name}' cannot be found.", OpenAiErrors.NotFound, null, "lora_name");
        }
        catch (OpenAiRequestException ex)
        {
            return OpenAiErrors.From(ex);
        }
    }

    private static string RequiredString(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw OpenAiRequestException.BadRequest($"{name} is required (a non-empty string).", name);
}
