namespace BetterTogether.Api;

/// <summary>
/// The routes of the HTTP API, one table for both hosts: <c>bt serve</c> maps them under <c>/api/</c>; the Functions app
/// uses them as HTTP trigger routes, which the Functions host serves under its route prefix <c>api</c> (host.json).
/// </summary>
public static class ApiRoutes
{
    /// <summary>The path prefix of every route (Azure Functions' default route prefix).</summary>
    public const string Prefix = "api";

    /// <summary>Start (POST) and list (GET) runs.</summary>
    public const string Runs = "runs";

    /// <summary>A run's status (GET) and purge (DELETE).</summary>
    public const string Run = "runs/{id}";

    /// <summary>Terminate a run (POST).</summary>
    public const string Terminate = "runs/{id}/terminate";

    /// <summary>Suspend a run (POST).</summary>
    public const string Suspend = "runs/{id}/suspend";

    /// <summary>Resume a run (POST).</summary>
    public const string Resume = "runs/{id}/resume";

    /// <summary>Raise an event (POST).</summary>
    public const string RaiseEvent = "runs/{id}/raiseEvent/{eventName}";

    /// <summary>A run artifact (GET).</summary>
    public const string Artifact = "runs/{id}/artifacts/{*path}";

    /// <summary>List schedules (GET).</summary>
    public const string Schedules = "schedules";

    /// <summary>A schedule: get (GET), create or replace (PUT), delete (DELETE).</summary>
    public const string Schedule = "schedules/{name}";
}
