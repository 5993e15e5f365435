using System.Globalization;
using System.Text;
using DurableTask.Core;
using DurableTask.Core.Query;

namespace BetterTogether.Durable.Sqlite;

/// <summary>Listing and purging instances.</summary>
public sealed partial class SqliteOrchestrationService
{
    private const int DefaultPageSize = 100;

    private static readonly OrchestrationStatus[] FinishedStatuses =
        [OrchestrationStatus.Completed, OrchestrationStatus.Failed, OrchestrationStatus.Terminated, OrchestrationStatus.Canceled];

    /// <summary>
    /// One page of instances, oldest first (by creation time, then id), filtered by status, creation time and instance id
    /// prefix. The continuation token is the last instance's position, so instances added meanwhile do not shift pages.
    /// </summary>
    public Task<OrchestrationQueryResult> GetOrchestrationWithQueryAsync(OrchestrationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var where = new StringBuilder("WHERE 1 = 1");
        var parameters = new List<(string, object?)>();
        AddFilter(where, parameters, query.RuntimeStatus, query.CreatedTimeFrom, query.CreatedTimeTo);
        if (!string.IsNullOrEmpty(query.InstanceIdPrefix))
        {
            where.Append(" AND substr(instance_id, 1, length($prefix)) = $prefix");
            parameters.Add(("$prefix", query.InstanceIdPrefix));
        }

        if (ParseContinuation(query.ContinuationToken) is { } after)
        {
            where.Append(" AND (created_at > $afterTime OR (created_at = $afterTime AND instance_id > $afterId))");
            parameters.Add(("$afterTime", after.Ticks));
            parameters.Add(("$afterId", after.InstanceId));
        }

        var pageSize = query.PageSize > 0 ? query.PageSize : DefaultPageSize;
        parameters.Add(("$limit", pageSize + 1));
        return _database.ReadAsync(
            sql =>
            {
                var rows = sql.Query(
                    $"SELECT {InstanceRows.Columns} FROM instances {where} ORDER BY created_at, instance_id LIMIT $limit;",
                    row => InstanceRows.Read(row, query.FetchInputsAndOutputs),
                    [.. parameters]);
                var page = rows.Take(pageSize).ToList();
                var continuation = rows.Count > pageSize ? Continuation(page[^1]) : null;
                return new OrchestrationQueryResult(page, continuation);
            },
            cancellationToken);
    }

    /// <summary>Deletes a finished instance with its history and messages; an unfinished one is left alone (0 deleted).</summary>
    public async Task<PurgeResult> PurgeInstanceStateAsync(string instanceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        EnsureWritable();
        var deleted = await _database.WriteAsync(sql =>
        {
            var status = sql.Scalar("SELECT status FROM instances WHERE instance_id = $id;", ("$id", instanceId)) as string;
            return status is not null && InstanceRows.IsFinished(InstanceRows.Status(status)) ? DeleteInstance(sql, instanceId) : 0;
        }).ConfigureAwait(false);
        Log.InstancesPurged(_logger, deleted);
        return new PurgeResult(deleted, isComplete: true);
    }

    /// <summary>
    /// Deletes the finished instances created in the filter's time range (and with one of its statuses, when given)
    /// with their history and messages. Unfinished instances are never purged, even when their status is listed.
    /// </summary>
    public async Task<PurgeResult> PurgeInstanceStateAsync(PurgeInstanceFilter purgeInstanceFilter)
    {
        ArgumentNullException.ThrowIfNull(purgeInstanceFilter);
        EnsureWritable();
        var statuses = (purgeInstanceFilter.RuntimeStatus ?? FinishedStatuses).Where(InstanceRows.IsFinished).ToList();
        var from = purgeInstanceFilter.CreatedTimeFrom == DateTime.MinValue ? (DateTime?)null : purgeInstanceFilter.CreatedTimeFrom;
        var deleted = await PurgeWhereAsync(statuses, from, purgeInstanceFilter.CreatedTimeTo).ConfigureAwait(false);
        return new PurgeResult(deleted, isComplete: true);
    }

    /// <summary>Deletes the finished instances whose chosen time is before <paramref name="thresholdDateTimeUtc"/>.</summary>
    public async Task PurgeOrchestrationHistoryAsync(DateTime thresholdDateTimeUtc, OrchestrationStateTimeRangeFilterType timeRangeFilterType)
    {
        EnsureWritable();
        var column = timeRangeFilterType switch
        {
            OrchestrationStateTimeRangeFilterType.OrchestrationCompletedTimeFilter => "completed_at",
            OrchestrationStateTimeRangeFilterType.OrchestrationLastUpdatedTimeFilter => "last_updated_at",
            _ => "created_at",
        };
        var threshold = InstanceRows.Ticks(thresholdDateTimeUtc);
        var deleted = await _database.WriteAsync(sql =>
        {
            var ids = sql.Query($"SELECT instance_id, status FROM instances WHERE {column} < $threshold;", row => (Id: row.GetString(0), Status: row.GetString(1)), ("$threshold", threshold));
            return ids.Where(row => InstanceRows.IsFinished(InstanceRows.Status(row.Status))).Sum(row => DeleteInstance(sql, row.Id));
        }).ConfigureAwait(false);
        Log.InstancesPurged(_logger, deleted);
    }

    private async Task<int> PurgeWhereAsync(IReadOnlyCollection<OrchestrationStatus> statuses, DateTime? from, DateTime? to)
    {
        if (statuses.Count == 0)
        {
            return 0;
        }

        var where = new StringBuilder("WHERE 1 = 1");
        var parameters = new List<(string, object?)>();
        AddFilter(where, parameters, statuses, from, to);
        var deleted = await _database.WriteAsync(sql =>
        {
            var ids = sql.Query($"SELECT instance_id FROM instances {where};", row => row.GetString(0), [.. parameters]);
            return ids.Sum(id => DeleteInstance(sql, id));
        }).ConfigureAwait(false);
        Log.InstancesPurged(_logger, deleted);
        return deleted;
    }

    private static void AddFilter(StringBuilder where, List<(string, object?)> parameters, IEnumerable<OrchestrationStatus>? statuses, DateTime? from, DateTime? to)
    {
        if (statuses?.Distinct().ToList() is { Count: > 0 } distinct)
        {
            var names = distinct.Select((status, i) => (Name: $"$status{i}", Value: status.ToString())).ToList();
            where.Append(CultureInfo.InvariantCulture, $" AND status IN ({string.Join(", ", names.Select(n => n.Name))})");
            parameters.AddRange(names.Select(n => (n.Name, (object?)n.Value)));
        }

        if (from is { } start)
        {
            where.Append(" AND created_at >= $from");
            parameters.Add(("$from", InstanceRows.Ticks(start)));
        }

        if (to is { } end)
        {
            where.Append(" AND created_at <= $to");
            parameters.Add(("$to", InstanceRows.Ticks(end)));
        }
    }

    /// <summary>Deletes an instance with its history and its messages; 1 when the instance existed.</summary>
    private static int DeleteInstance(SqliteSession sql, string instanceId)
    {
        sql.Execute(
            """
            DELETE FROM history WHERE instance_id = $id;
            DELETE FROM orchestration_queue WHERE instance_id = $id;
            DELETE FROM activity_queue WHERE instance_id = $id;
            """,
            ("$id", instanceId));
        return sql.Execute("DELETE FROM instances WHERE instance_id = $id;", ("$id", instanceId));
    }

    private static string Continuation(OrchestrationState last) =>
        string.Create(CultureInfo.InvariantCulture, $"{InstanceRows.Ticks(last.CreatedTime)}:{last.OrchestrationInstance.InstanceId}");

    private static (long Ticks, string InstanceId)? ParseContinuation(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        var separator = token.IndexOf(':', StringComparison.Ordinal);
        return separator > 0 && long.TryParse(token.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            ? (ticks, token[(separator + 1)..])
            : throw new ArgumentException($"'{token}' is not a continuation token of this backend.", nameof(token));
    }
}
