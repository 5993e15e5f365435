using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using BetterTogether.TrainingJobs.Dispatch;
using BetterTogether.TrainingJobs.Specs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace BetterTogether.TrainingJobs.ContainerApps;

/// <summary>
/// Runs the trainer as Azure Container Apps job executions over ARM REST (api-version 2024-03-01):
/// <c>POST …/jobs/{job}/start</c> with a full execution template (a start template replaces the job's containers,
/// so image, resources and environment are all sent, with the spec location as <c>--spec</c> and
/// <c>BT_TRAINING_SPEC</c>), <c>GET …/jobs/{job}/executions/{name}</c> to poll, and
/// <c>POST …/jobs/{job}/executions/{name}/stop</c> to stop. Tokens come from a <see cref="TokenCredential"/>
/// (managed identity in Azure) for the ARM scope.
/// </summary>
public sealed class ContainerAppsJobDispatcher : IJobDispatcher
{
    /// <summary>The dispatcher name recorded with executions.</summary>
    public const string DispatcherName = "containerapps";

    private readonly HttpClient _http;
    private readonly TokenCredential _credential;
    private readonly ContainerAppsJobOptions _options;
    private readonly ResiliencePipeline<HttpResponseMessage> _idempotent;
    private readonly ResiliencePipeline<HttpResponseMessage> _start;

    /// <summary>Creates the dispatcher.</summary>
    /// <param name="http">The HTTP client (its lifetime is the caller's).</param>
    /// <param name="credential">Issues ARM tokens.</param>
    /// <param name="options">Which job and how to run it.</param>
    /// <param name="timeProvider">Clock for retries and timeouts.</param>
    /// <param name="logger">Logs retries.</param>
    public ContainerAppsJobDispatcher(HttpClient http, TokenCredential credential, ContainerAppsJobOptions options, TimeProvider? timeProvider = null, ILogger<ContainerAppsJobDispatcher>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _http = http;
        _credential = credential;
        _options = options;
        var time = timeProvider ?? TimeProvider.System;
        var log = logger ?? (ILogger)NullLogger.Instance;
        _idempotent = ArmRetryPipeline.Create(options, idempotent: true, time, log);
        _start = ArmRetryPipeline.Create(options, idempotent: false, time, log);
    }

    /// <inheritdoc/>
    /// <exception cref="ContainerAppsRequestException">ARM refused the start or answered without an execution name.</exception>
    public async Task<JobExecution> StartAsync(JobDispatchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var body = BuildStartTemplate(request).ToJsonString();
        using var response = await SendAsync(_start, HttpMethod.Post, $"{_options.JobResourceId}/start", body, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        EnsureSuccess(response, text, $"start an execution of job '{_options.JobName}' for training job '{request.JobId}'");
        var name = ReadExecutionName(text);
        return name is null
            ? throw new ContainerAppsRequestException($"ARM accepted the start of job '{_options.JobName}' ({(int)response.StatusCode}) but returned no execution name: {Truncate(text)}")
            : new JobExecution(name, DispatcherName);
    }

    /// <inheritdoc/>
    /// <exception cref="ContainerAppsRequestException">ARM answered with an error other than 404.</exception>
    public async Task<JobExecutionStatus> GetStatusAsync(string executionName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(executionName);
        using var response = await SendAsync(_idempotent, HttpMethod.Get, ExecutionPath(executionName), null, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return new JobExecutionStatus(executionName, JobExecutionState.Unknown, "execution not found");
        }

        EnsureSuccess(response, text, $"read execution '{executionName}' of job '{_options.JobName}'");
        var status = ReadStatus(text);
        return new JobExecutionStatus(executionName, ContainerAppsExecutionStatus.ToState(status), status);
    }

    /// <inheritdoc/>
    /// <exception cref="ContainerAppsRequestException">ARM answered with an error other than 404.</exception>
    public async Task StopAsync(string executionName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(executionName);
        using var response = await SendAsync(_idempotent, HttpMethod.Post, ExecutionPath(executionName) + "/stop", null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        EnsureSuccess(response, text, $"stop execution '{executionName}' of job '{_options.JobName}'");
    }

    /// <summary>The start body: a full <c>JobExecutionTemplate</c> with one container.</summary>
    /// <param name="request">The dispatch request.</param>
    /// <returns>The JSON body.</returns>
    internal JsonObject BuildStartTemplate(JobDispatchRequest request)
    {
        var variables = new Dictionary<string, string>(_options.Environment, StringComparer.Ordinal);
        foreach (var (key, value) in request.Environment)
        {
            variables[key] = value;
        }

        variables[TrainingEnvironment.SpecVariable] = request.SpecPath;
        var env = new JsonArray();
        foreach (var (key, value) in variables.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            env.Add(_options.SecretReferences.TryGetValue(key, out var secret)
                ? new JsonObject { ["name"] = key, ["secretRef"] = secret }
                : new JsonObject { ["name"] = key, ["value"] = value });
        }

        return new JsonObject
        {
            ["containers"] = new JsonArray
            {
                new JsonObject
                {
                    ["name"] = _options.ContainerName,
                    ["image"] = _options.Image,
                    ["args"] = new JsonArray("--spec", request.SpecPath),
                    ["env"] = env,
                    ["resources"] = new JsonObject { ["cpu"] = _options.Cpu, ["memory"] = _options.Memory },
                },
            },
        };
    }

    private static string? ReadExecutionName(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        if (root.TryGetProperty("name", out var name) && name.GetString() is { Length: > 0 } value)
        {
            return value;
        }

        return root.TryGetProperty("id", out var id) && id.GetString() is { Length: > 0 } resourceId ? resourceId[(resourceId.LastIndexOf('/') + 1)..] : null;
    }

    private static string? ReadStatus(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.TryGetProperty("properties", out var properties) && properties.TryGetProperty("status", out var status)
            ? status.GetString()
            : null;
    }

    private static void EnsureSuccess(HttpResponseMessage response, string text, string operation)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var code = response.Headers.TryGetValues("x-ms-error-code", out var values) ? values.FirstOrDefault() : null;
        throw new ContainerAppsRequestException(
            $"Could not {operation}: ARM answered {(int)response.StatusCode} {response.ReasonPhrase}{(code is null ? string.Empty : $" ({code})")}: {Truncate(text)}",
            response.StatusCode);
    }

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500] + "…";

    private string ExecutionPath(string executionName) => $"{_options.JobResourceId}/executions/{Uri.EscapeDataString(executionName)}";

    private async Task<HttpResponseMessage> SendAsync(ResiliencePipeline<HttpResponseMessage> pipeline, HttpMethod method, string path, string? body, CancellationToken cancellationToken)
    {
        var url = new Uri(_options.ResourceManagerEndpoint, $"{path}?api-version={Uri.EscapeDataString(_options.ApiVersion)}");
        return await pipeline.ExecuteAsync(
            async token =>
            {
                var accessToken = await _credential.GetTokenAsync(new TokenRequestContext([_options.Scope]), token).ConfigureAwait(false);
                using var request = new HttpRequestMessage(method, url);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken.Token);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                if (body is not null)
                {
                    request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                }

                return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }
}
