using System.CommandLine;
using BetterTogether.Cli.Hosting;
using BetterTogether.Cli.Serve.OpenAi;
using Microsoft.AspNetCore.Builder;

namespace BetterTogether.Cli.Serve;

/// <summary>The <c>bt serve</c> subcommand: the local host of optimization runs (Durable Functions' HTTP API shape) and schedules.</summary>
internal static class ServeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var store = new Option<string>("--store") { Description = "Artifact store: a folder, file:…, UseDevelopmentStorage=true, a connection string or a blob URL.", DefaultValueFactory = _ => ".bt/store" };
        var model = new Option<string?>("--model") { Description = "Hugging Face model folder served by the in-process engine (and fine-tuned by weight steps)." };
        var lmEndpoint = new Option<string?>("--lm-endpoint") { Description = "OpenAI-compatible endpoint to call instead of the in-process engine." };
        var lmApiKey = new Option<string?>("--lm-api-key") { Description = "API key of --lm-endpoint." };
        var modelId = new Option<string?>("--model-id") { Description = "Model id sent to the LM (default: the model folder's name)." };
        var adapters = new Option<string>("--adapters") { Description = "Folder of trained LoRA adapters.", DefaultValueFactory = _ => ".bt/adapters" };
        var host = new Option<string>("--host") { Description = "Address to bind; beyond loopback an API key is required.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "Port to listen on.", DefaultValueFactory = _ => ServeOptions.DefaultPort };
        var apiKey = new Option<string?>("--api-key") { Description = "Key clients send as x-api-key or ?code= (default: $BT_API_KEY)." };
        var concurrency = new Option<int>("--max-concurrent-activities") { Description = "Activities run at once.", DefaultValueFactory = _ => 2 };
        var command = new Command("serve", "Serve optimization runs over HTTP (start, status, terminate, purge, artifacts) and run scheduled re-optimizations.");
        foreach (var option in new Option[] { store, model, lmEndpoint, lmApiKey, modelId, adapters, host, port, apiKey, concurrency })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var serveOptions = new ServeOptions
            {
                Host = parse.GetValue(host)!,
                Port = parse.GetValue(port),
                ApiKey = parse.GetValue(apiKey) ?? Environment.GetEnvironmentVariable("BT_API_KEY"),
            };
            try
            {
                serveOptions.Validate();
                var optimization = OptimizationHost.Create(new OptimizationHostOptions
                {
                    Store = parse.GetValue(store)!,
                    ModelPath = parse.GetValue(model),
                    LmEndpoint = parse.GetValue(lmEndpoint),
                    LmApiKey = parse.GetValue(lmApiKey),
                    ModelId = parse.GetValue(modelId),
                    AdapterRoot = parse.GetValue(adapters)!,
                    MaxConcurrentActivities = parse.GetValue(concurrency),
                });
                await using (optimization.ConfigureAwait(false))
                {
                    // The in-process model (loaded once, by the host) is also served over the OpenAI protocol (/v1/*), behind the same API key.
                    using var openAi = optimization.LocalModel is { } local ? new OpenAiEngineHost(local) : null;
                    var app = ServeApplication.Build(serveOptions, optimization, mapAdditionalEndpoints: openAi is null ? null : endpoints => endpoints.MapOpenAiCompatibleEndpoints(openAi));
                    await using (app.ConfigureAwait(false))
                    {
                        await app.StartAsync(cancellationToken).ConfigureAwait(false);
                        foreach (var url in app.Urls)
                        {
                            await Console.Out.WriteLineAsync($"bt serve: listening on {url} (API key {(serveOptions.ApiKey is null ? "off" : "required")}); POST {url}/api/runs to start a run.").ConfigureAwait(false);
                        }

                        await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                return 0;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
            {
                await Console.Error.WriteLineAsync($"bt serve: {e.Message}").ConfigureAwait(false);
                return 2;
            }
        });
        return command;
    }
}
