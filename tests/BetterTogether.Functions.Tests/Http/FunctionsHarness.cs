using System.Text;
using System.Text.Json;
using BetterTogether.Api;
using BetterTogether.Durable;
using BetterTogether.Functions.Http;
using BetterTogether.Functions.Scheduling;
using BetterTogether.Storage.AzureBlob;
using BetterTogether.Testing.Azurite;
using BetterTogether.Workflow.Hosting;
using BetterTogether.Workflow.Optimization;
using BetterTogether.Workflow.Tests.Optimization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BetterTogether.Functions.Tests.Http;

/// <summary>
/// The app's HTTP and timer functions, created from the app's own API registrations, over a real
/// <see cref="DurableTaskClient"/>: the BetterTogether orchestration on the Durable engine with the Azure Storage backend
/// (the provider Durable Functions uses) on Azurite, and the artifacts in Azurite's blob storage.
/// </summary>
internal sealed class FunctionsHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private FunctionsHarness(ServiceProvider services, OptimizationRuntime runtime, FakeTimeProvider clock, InMemoryFineTuner fineTuner)
    {
        _services = services;
        Runtime = runtime;
        Clock = clock;
        FineTuner = fineTuner;
        Runs = ActivatorUtilities.CreateInstance<RunFunctions>(services);
        Schedules = ActivatorUtilities.CreateInstance<ScheduleFunctions>(services);
        Timer = ActivatorUtilities.CreateInstance<ScheduleTickFunction>(services);
    }

    public OptimizationRuntime Runtime { get; }

    public DurableTaskClient Client => Runtime.Client;

    public FakeTimeProvider Clock { get; }

    public InMemoryFineTuner FineTuner { get; }

    public RunFunctions Runs { get; }

    public ScheduleFunctions Schedules { get; }

    public ScheduleTickFunction Timer { get; }

    public IServiceProvider Services => _services;

    public static async Task<FunctionsHarness> StartAsync(AzuriteFixture azurite, InMemoryFineTuner? fineTuner = null)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 8, 10, 15, 30, TimeSpan.Zero));
        var store = AzureBlobArtifactStore.FromConnectionString(azurite.ConnectionString, $"fn{Guid.NewGuid():N}");
        var tuner = fineTuner ?? new InMemoryFineTuner();
        var environment = new OptimizationEnvironment(store, new AdditionLm(), "scripted-addition", tuner, AdditionTask.Resolve);
        var runtime = OptimizationRuntime.Create(environment, new DurableBackendOptions
        {
            Backend = DurableBackendKind.AzureStorage,
            AzureStorageConnectionString = azurite.ConnectionString,
            TaskHubName = $"fn{Guid.NewGuid():N}"[..20],
            MaxConcurrentActivities = 4,
            MaxQueuePollingInterval = TimeSpan.FromMilliseconds(500),
            WorkItemVisibilityTimeout = TimeSpan.FromSeconds(15),
            ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(15),
        });
        await runtime.StartAsync();

        // The same registrations the app's startup makes for its functions (FunctionsStartup), over this environment.
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IOptimizationEnvironment>(environment)
            .AddSingleton<TimeProvider>(clock)
            .AddBetterTogetherApi()
            .BuildServiceProvider();
        return new FunctionsHarness(services, runtime, clock, tuner);
    }

    /// <summary>Sends one request through a function: builds the ASP.NET Core request, calls it, executes its result.</summary>
    public async Task<Answer> SendAsync(string method, string pathAndQuery, Func<HttpRequest, Task<IActionResult>> function, string? body = null)
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        var split = pathAndQuery.Split('?', 2);
        context.Request.Method = method;
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("localhost", 7071);
        context.Request.Path = split[0];
        context.Request.QueryString = split.Length > 1 ? new QueryString("?" + split[1]) : QueryString.Empty;
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = "application/json";
        }

        var response = new MemoryStream();
        context.Response.Body = response;
        var result = await function(context.Request);
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        var text = Encoding.UTF8.GetString(response.ToArray());
        return new Answer(context.Response.StatusCode, text, context.Response.Headers.Location.ToString(), context.Response.ContentType);
    }

    public static string Json(object value) => JsonSerializer.Serialize(value, ApiJson.Options);

    /// <summary>Polls GetRun until the run has finished (200).</summary>
    public async Task<Answer> WaitForRunAsync(string id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            var answer = await SendAsync("GET", $"/api/runs/{id}", r => Runs.GetAsync(r, Client, id));
            if (answer.Status != StatusCodes.Status202Accepted)
            {
                return answer;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Run {id} did not finish: {answer.Body}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds, failing after two minutes.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for: {what}");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Runtime.DisposeAsync();
        await _services.DisposeAsync();
    }

    /// <summary>An HTTP answer.</summary>
    internal sealed record Answer(int Status, string Body, string Location, string? ContentType)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;

        public override string ToString() => $"{Status} {Body}";
    }
}
