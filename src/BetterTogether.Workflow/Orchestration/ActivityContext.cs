namespace BetterTogether.Workflow.Orchestration;

/// <summary>Which activity execution this is (Durable's <c>TaskActivityContext</c>).</summary>
/// <param name="Name">The activity's registered name.</param>
/// <param name="InstanceId">The orchestration instance that scheduled it.</param>
/// <param name="TaskId">The task id in that instance's history (stable across replays and retries of the host).</param>
public sealed record ActivityContext(string Name, string InstanceId, int TaskId);
