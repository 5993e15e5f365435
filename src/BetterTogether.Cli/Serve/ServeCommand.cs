using System.CommandLine;
using BetterTogether.Cli.Hosting;
using BetterTogether.Cli.Serve.OpenAi;
using BetterTogether.Durable;
using Microsoft.AspNetCore.Builder;

namespace BetterTogether.Cli.Serve;

/// <summary>The <c>bt serve</c> subcommand: the local host of optimization runs (Durable Functions' HTTP API shape) and schedules.</summary>
internal static class ServeCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="output">Where the listening lines go (the console when null).</param>
    /// <param name="error">Where errors go (the console's error stream when null).</param>
    public static Command Create(TextWriter? output = null, TextWriter? error = null)
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
        var durable = new Option<DurableBackendKind>("--durable") { Description = "Durable backend: Embedded (a SQLite file, --durable-db) or AzureStorage (Azure Storage or Azurite, --durable-connection).", DefaultValueFactory = _ => DurableBackendKind.Embedded };
        var durableDb = new Option<string>("--durable-db") { Description = "The embedded backend's database file.", DefaultValueFactory = _ => OptimizationHostOptions.DefaultDurableDatabase };
        var durableConnection = new Option<string?>("--durable-connection") { Description = "Azure Storage connection string of the AzureStorage backend (default: $BT_DURABLE_CONNECTION, e.g. Azurite's)." };
        var taskHub = new Option<string>("--task-hub") { Description = "Task hub name of the AzureStorage backend (workers on one task hub share its runs).", DefaultValueFactory = _ => DurableBackendOptions.DefaultTaskHubName };
        var workerId = new Option<string?>("--worker-id") { Description = "This worker's id on the task hub (default: machine name and process id; unique per process)." };
        var command = new Command("serve", "Serve optimization runs over HTTP (start, status, terminate, purge, artifacts) and run scheduled re-optimizations.");
        foreach (var option in new Option[] { store, model, lmEndpoint, lmApiKey, modelId, adapters, host, port, apiKey, concurrency, durable, durableDb, durableConnection, taskHub, workerId })
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
                    Durable = new DurableBackendOptions
                    {
                        Backend = parse.GetValue(durable),
                        EmbeddedDatabasePath = parse.GetValue(durableDb)!,
                        AzureStorageConnectionString = parse.GetValue(durableConnection) ?? Environment.GetEnvironmentVariable("BT_DURABLE_CONNECTION"),
                        TaskHubName = parse.GetValue(taskHub)!,
                        WorkerId = parse.GetValue(workerId),
                        MaxConcurrentActivities = parse.GetValue(concurrency),
                    },
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
                            await (output ?? Console.Out).WriteLineAsync($"bt serve: listening on {url} (API key {(serveOptions.ApiKey is null ? "off" : "required")}); POST {url}/api/runs to start a run.").ConfigureAwait(false);
                        }

                        await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                return 0;
            }
            catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                await (error ?? Console.Error).WriteLineAsync($"bt serve: port {serveOptions.Port} on {serveOptions.Host} is already in use (another bt serve or func start?); pass --port with a free port or stop the other process.").ConfigureAwait(false);
                return 2;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
            {
                await (error ?? Console.Error).WriteLineAsync($"bt serve: {CliErrors.Describe(e)}").ConfigureAwait(false);
                return 2;
            }
        });
        return command;
    }
}
