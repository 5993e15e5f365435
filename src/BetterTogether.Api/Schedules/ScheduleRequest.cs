using BetterTogether.Workflow.Optimization;

namespace BetterTogether.Api.Schedules;

/// <summary>The body of <c>PUT /api/schedules/{name}</c>.</summary>
/// <param name="Cron">The 6-field NCRONTAB expression (UTC).</param>
/// <param name="Request">The run each due slot starts.</param>
/// <param name="Enabled">False pauses the schedule (default true).</param>
public sealed record ScheduleRequest(string Cron, OptimizationRunRequest Request, bool Enabled = true);
