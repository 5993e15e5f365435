using BetterTogether.Durable.Sqlite;
using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BetterTogether.Durable.Client;

/// <summary>
/// A <see cref="DurableTaskClient"/> over DurableTask.Core's <see cref="IOrchestrationServiceClient"/> (the embedded
/// <see cref="SqliteOrchestrationService"/> or Azure Storage), for hosts that run the engine themselves. Listing needs the
/// service to implement <c>IOrchestrationServiceQueryClient</c> and purging <see cref="IOrchestrationServicePurgeClient"/>;
/// both backends do. Inputs, outputs and event payloads go through the options' <see cref="DataConverter"/>, the same
/// the worker's shims read them with. Durable entities, rewind, history and recursive terminate/purge are not supported.
/// </summary>
public sealed partial class OrchestrationServiceDurableTaskClient : DurableTaskClient
{
    private readonly IOrchestrationServiceClient _service;
    private readonly OrchestrationServiceDurableTaskClientOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates a client without dependency injection.</summary>
    /// <param name="service">The backend's client side; not disposed by this client.</param>
    /// <param name="options">Data converter and polling interval; defaults when null.</param>
    /// <param name="name">The client's name; the default name when null.</param>
    /// <param name="timeProvider">The clock for polling delays; the system clock when null.</param>
    public OrchestrationServiceDurableTaskClient(
        IOrchestrationServiceClient service,
        OrchestrationServiceDurableTaskClientOptions? options = null,
        string? name = null,
        TimeProvider? timeProvider = null)
        : base(name ?? Microsoft.Extensions.Options.Options.DefaultName)
    {
        _service = service ?? throw new ArgumentNullException(nameof(service));
        _options = options ?? new OrchestrationServiceDurableTaskClientOptions();
        if (_options.PollingInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(OrchestrationServiceDurableTaskClientOptions.PollingInterval)} must be positive.", nameof(options));
        }

        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Creates the client from DI (what <c>UseOrchestrationService()</c> registers).</summary>
    /// <param name="name">The builder's name.</param>
    /// <param name="options">The options by name.</param>
    /// <param name="service">The backend's client side from DI.</param>
    /// <param name="timeProvider">The clock for polling delays; the system clock when null.</param>
    [ActivatorUtilitiesConstructor]
    public OrchestrationServiceDurableTaskClient(
        string name,
        IOptionsMonitor<OrchestrationServiceDurableTaskClientOptions> options,
        IOrchestrationServiceClient service,
        TimeProvider? timeProvider = null)
        : this(service, (options ?? throw new ArgumentNullException(nameof(options))).Get(name), name, timeProvider)
    {
    }

    private DataConverter Converter => _options.DataConverter;

    /// <summary>
    /// Schedules a new instance. An id whose instance has not finished (pending, running, suspended) is rejected; a
    /// completed, failed or terminated one is replaced by the new run (its history is dropped), as Durable does by default.
    /// Statuses in <see cref="StartOrchestrationOptions.DedupeStatuses"/> are rejected too.
    /// </summary>
    /// <exception cref="OrchestrationAlreadyExistsException">
    /// The id is taken by an instance in a rejected status (an <see cref="InvalidOperationException"/>).
    /// </exception>
    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName,
        object? input = null,
        StartOrchestrationOptions? options = null,
        CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(orchestratorName.Name, nameof(orchestratorName));
        var instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        var version = options?.Version?.Version ?? _options.DefaultVersion ?? string.Empty;
        await StartAsync(
            instanceId,
            orchestratorName.Name,
            version,
            Converter.Serialize(input),
            options?.StartAt,
            options?.Tags,
            DedupeStatuses(options?.DedupeStatuses),
            cancellation).ConfigureAwait(false);
        return instanceId;
    }

    /// <summary>Sends an event; one for an instance that does not exist or has finished is discarded by the backend.</summary>
    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        return SendAsync(instanceId, new EventRaisedEvent(-1, Converter.Serialize(eventPayload)) { Name = eventName }, cancellation);
    }

    /// <summary>Terminates an instance; <see cref="TerminateInstanceOptions.Output"/> becomes its output. Not recursive.</summary>
    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        cancellation.ThrowIfCancellationRequested();
        return _service.ForceTerminateTaskOrchestrationAsync(instanceId, Converter.Serialize(options?.Output));
    }

    /// <inheritdoc/>
    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        SendAsync(instanceId, new ExecutionSuspendedEvent(-1, reason), cancellation);

    /// <inheritdoc/>
    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        SendAsync(instanceId, new ExecutionResumedEvent(-1, reason), cancellation);

    /// <summary>Starts a finished instance again with its original input, under the same id or a new one.</summary>
    /// <exception cref="ArgumentException">No instance has the id.</exception>
    /// <exception cref="OrchestrationAlreadyExistsException">The same id is reused and its instance has not finished.</exception>
    public override async Task<string> RestartAsync(string instanceId, bool restartWithNewInstanceId = false, CancellationToken cancellation = default)
    {
        var existing = await GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellation).ConfigureAwait(false)
            ?? throw new ArgumentException($"No orchestration instance with ID '{instanceId}' exists.", nameof(instanceId));
        var newId = restartWithNewInstanceId ? Guid.NewGuid().ToString("N") : instanceId;
        await StartAsync(newId, existing.Name, string.Empty, existing.SerializedInput, null, existing.Tags, CoreConversions.NonTerminalStatuses, cancellation)
            .ConfigureAwait(false);
        return newId;
    }

    /// <summary>Nothing to release: the backend belongs to whoever created it.</summary>
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static OrchestrationStatus[] DedupeStatuses(IReadOnlyList<string>? requested)
    {
        if (requested is null || requested.Count == 0)
        {
            return CoreConversions.NonTerminalStatuses;
        }

        var extra = requested.Select(name => Enum.TryParse<OrchestrationRuntimeStatus>(name, ignoreCase: true, out var status)
            ? status.ToCore()
            : throw new ArgumentException($"'{name}' is not an orchestration runtime status.", nameof(requested)));
        return [.. CoreConversions.NonTerminalStatuses.Union(extra)];
    }

    private async Task StartAsync(
        string instanceId,
        string name,
        string version,
        string? serializedInput,
        DateTimeOffset? startAt,
        IReadOnlyDictionary<string, string>? tags,
        OrchestrationStatus[] dedupeStatuses,
        CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        cancellation.ThrowIfCancellationRequested();

        // Checked here as well as in the backend: Azure Storage only enforces dedupe statuses when configured to throw.
        var existing = (await _service.GetOrchestrationStateAsync(instanceId, allExecutions: false).ConfigureAwait(false))?.FirstOrDefault();
        if (existing is not null && dedupeStatuses.Contains(existing.OrchestrationStatus))
        {
            throw new OrchestrationAlreadyExistsException(
                $"An orchestration with instance ID '{instanceId}' already exists with status {existing.OrchestrationStatus}; wait for it to finish, or terminate it, before starting that ID again.");
        }

        var instance = new OrchestrationInstance { InstanceId = instanceId, ExecutionId = Guid.NewGuid().ToString("N") };
        var message = new TaskMessage
        {
            OrchestrationInstance = instance,
            Event = new ExecutionStartedEvent(-1, serializedInput)
            {
                Name = name,
                Version = version,
                OrchestrationInstance = instance,
                ScheduledStartTime = startAt?.UtcDateTime,
                Tags = tags is null ? null : new Dictionary<string, string>(tags),
            },
        };
        await _service.CreateTaskOrchestrationAsync(message, dedupeStatuses).ConfigureAwait(false);
    }

    private Task SendAsync(string instanceId, HistoryEvent historyEvent, CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        cancellation.ThrowIfCancellationRequested();
        return _service.SendTaskOrchestrationMessageAsync(new TaskMessage
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId },
            Event = historyEvent,
        });
    }
}
