using System.Text.Json;
using Azure.Core;
using BetterTogether.TrainingJobs.ContainerApps;
using BetterTogether.TrainingJobs.Dispatch;

namespace BetterTogether.TrainingJobs.Tests.ContainerApps;

public sealed class ContainerAppsJobDispatcherTests : IAsyncLifetime
{
    private const string JobPath = "/subscriptions/sub-1/resourceGroups/rg-bt/providers/Microsoft.App/jobs/job-trainer";
    private readonly HttpClient _http = new();
    private readonly List<string[]> _scopes = [];
    private FakeArmServer _arm = null!;

    public async Task InitializeAsync() => _arm = await FakeArmServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _arm.DisposeAsync();
    }

    [Fact]
    public async Task StartAsync_Request_PostsFullExecutionTemplateWithBearerToken()
    {
        _arm.Respond("POST", JobPath + "/start", 202, $$"""{"id":"{{JobPath}}/executions/job-trainer-abc123","name":"job-trainer-abc123"}""");
        var dispatcher = Dispatcher(o => o with
        {
            Environment = new Dictionary<string, string> { ["AZURE_CLIENT_ID"] = "client-1" },
            SecretReferences = new Dictionary<string, string> { ["BT_ARTIFACTS"] = "artifacts-connection" },
        });

        var execution = await dispatcher.StartAsync(new JobDispatchRequest("job-1", "training-jobs/job-1/spec.json", new Dictionary<string, string>
        {
            ["BT_ARTIFACTS"] = "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=secret",
            ["BT_ARTIFACTS_CONTAINER"] = "bettertogether",
        }));

        Assert.Equal("job-trainer-abc123", execution.Name);
        Assert.Equal(ContainerAppsJobDispatcher.DispatcherName, execution.Dispatcher);
        var request = Assert.Single(_arm.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal(JobPath + "/start", request.Path);
        Assert.Equal("2024-03-01", request.ApiVersion);
        Assert.Equal("Bearer token-for-arm", request.Authorization);
        Assert.Equal(["https://management.azure.com/.default"], Assert.Single(_scopes));

        using var body = JsonDocument.Parse(request.Body);
        var container = Assert.Single(body.RootElement.GetProperty("containers").EnumerateArray());
        Assert.Equal("trainer", container.GetProperty("name").GetString());
        Assert.Equal("bt.azurecr.io/bettertogether-trainer:1.0", container.GetProperty("image").GetString());
        Assert.Equal(["--spec", "training-jobs/job-1/spec.json"], container.GetProperty("args").EnumerateArray().Select(a => a.GetString()!));
        Assert.Equal(8, container.GetProperty("resources").GetProperty("cpu").GetDouble());
        Assert.Equal("56Gi", container.GetProperty("resources").GetProperty("memory").GetString());
        var env = container.GetProperty("env").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, e => e);
        Assert.Equal("client-1", env["AZURE_CLIENT_ID"].GetProperty("value").GetString());
        Assert.Equal("bettertogether", env["BT_ARTIFACTS_CONTAINER"].GetProperty("value").GetString());
        Assert.Equal("training-jobs/job-1/spec.json", env["BT_TRAINING_SPEC"].GetProperty("value").GetString());
        Assert.Equal("artifacts-connection", env["BT_ARTIFACTS"].GetProperty("secretRef").GetString());
        Assert.False(env["BT_ARTIFACTS"].TryGetProperty("value", out _), "A secret must travel as secretRef, not as a value.");
    }

    [Fact]
    public async Task StartAsync_ResponseWithIdOnly_TakesNameFromId()
    {
        _arm.Respond("POST", JobPath + "/start", 200, $$"""{"id":"{{JobPath}}/executions/job-trainer-x9"}""");
        var execution = await Dispatcher().StartAsync(Request());
        Assert.Equal("job-trainer-x9", execution.Name);
    }

    [Fact]
    public async Task StartAsync_Throttled_RetriesAfterRetryAfter()
    {
        _arm.Respond("POST", JobPath + "/start", 429, """{"error":{"code":"TooManyRequests"}}""", r => r.Headers.RetryAfter = "0");
        _arm.Respond("POST", JobPath + "/start", 202, """{"name":"job-trainer-r1"}""");
        var execution = await Dispatcher().StartAsync(Request());
        Assert.Equal("job-trainer-r1", execution.Name);
        Assert.Equal(2, _arm.Requests.Count);
    }

    [Fact]
    public async Task StartAsync_ServerError_DoesNotRetryAndThrowsWithArmError()
    {
        _arm.Respond("POST", JobPath + "/start", 500, """{"error":{"code":"InternalServerError","message":"boom"}}""");
        var ex = await Assert.ThrowsAsync<ContainerAppsRequestException>(() => Dispatcher().StartAsync(Request()));
        Assert.Single(_arm.Requests);
        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, ex.StatusCode);
        Assert.Contains("boom", ex.Message, StringComparison.Ordinal);
        Assert.Contains("job-trainer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStatusAsync_TransientThenRunning_RetriesAndMapsStatus()
    {
        var path = JobPath + "/executions/job-trainer-abc123";
        _arm.Respond("GET", path, 503, """{"error":{"code":"ServiceUnavailable"}}""");
        _arm.Respond("GET", path, 200, "{\"id\":\"" + path + """
            ","name":"job-trainer-abc123","type":"Microsoft.App/jobs/executions",
             "properties":{"status":"Running","startTime":"2026-11-22T10:00:00Z","template":{"containers":[{"image":"x","name":"trainer"}]}}}
            """);

        var status = await Dispatcher().GetStatusAsync("job-trainer-abc123");

        Assert.Equal(JobExecutionState.Running, status.State);
        Assert.Equal("Running", status.Detail);
        Assert.All(_arm.Requests, r => Assert.Equal(("GET", path, "2024-03-01", "Bearer token-for-arm"), (r.Method, r.Path, r.ApiVersion, r.Authorization)));
        Assert.Equal(2, _arm.Requests.Count);
    }

    [Fact]
    public async Task GetStatusAsync_NotFound_ReturnsUnknown()
    {
        var status = await Dispatcher().GetStatusAsync("gone");
        Assert.Equal(JobExecutionState.Unknown, status.State);
    }

    [Fact]
    public async Task StopAsync_Execution_PostsToExecutionStopPath()
    {
        var path = JobPath + "/executions/job-trainer-abc123/stop";
        _arm.Respond("POST", path, 202, string.Empty);
        await Dispatcher().StopAsync("job-trainer-abc123");
        var request = Assert.Single(_arm.Requests);
        Assert.Equal(("POST", path, "2024-03-01", "Bearer token-for-arm"), (request.Method, request.Path, request.ApiVersion, request.Authorization));
    }

    [Fact]
    public async Task StopAsync_Forbidden_Throws()
    {
        _arm.Respond("POST", JobPath + "/executions/e1/stop", 403, """{"error":{"code":"AuthorizationFailed","message":"no role"}}""");
        var ex = await Assert.ThrowsAsync<ContainerAppsRequestException>(() => Dispatcher().StopAsync("e1"));
        Assert.Contains("AuthorizationFailed", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Running", JobExecutionState.Running)]
    [InlineData("Processing", JobExecutionState.Pending)]
    [InlineData("Succeeded", JobExecutionState.Succeeded)]
    [InlineData("Failed", JobExecutionState.Failed)]
    [InlineData("Stopped", JobExecutionState.Stopped)]
    [InlineData("Degraded", JobExecutionState.Failed)]
    [InlineData("succeeded", JobExecutionState.Succeeded)]
    [InlineData("Unknown", JobExecutionState.Unknown)]
    [InlineData(null, JobExecutionState.Unknown)]
    public void ToState_ContainerAppsStatus_MapsToExecutionState(string? status, JobExecutionState expected) =>
        Assert.Equal(expected, ContainerAppsExecutionStatus.ToState(status));

    [Fact]
    public void FromResourceId_JobId_SplitsParts()
    {
        var options = ContainerAppsJobOptions.FromResourceId(JobPath, "img");
        Assert.Equal(("sub-1", "rg-bt", "job-trainer"), (options.SubscriptionId, options.ResourceGroup, options.JobName));
        Assert.Equal(JobPath, options.JobResourceId);
    }

    [Fact]
    public void FromResourceId_NotAJob_Throws() =>
        Assert.Throws<FormatException>(() => ContainerAppsJobOptions.FromResourceId("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/x", "img"));

    private static JobDispatchRequest Request() => new("job-1", "training-jobs/job-1/spec.json", new Dictionary<string, string>());

    private ContainerAppsJobDispatcher Dispatcher(Func<ContainerAppsJobOptions, ContainerAppsJobOptions>? configure = null)
    {
        var options = ContainerAppsJobOptions.FromResourceId(JobPath, "bt.azurecr.io/bettertogether-trainer:1.0") with
        {
            ResourceManagerEndpoint = _arm.BaseAddress,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        };
        var credential = DelegatedTokenCredential.Create((context, _) =>
        {
            lock (_scopes)
            {
                _scopes.Add(context.Scopes);
            }

            return new AccessToken("token-for-arm", DateTimeOffset.UtcNow.AddHours(1));
        });
        return new ContainerAppsJobDispatcher(_http, credential, configure is null ? options : configure(options));
    }
}
