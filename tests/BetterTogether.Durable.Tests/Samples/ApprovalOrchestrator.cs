using Microsoft.DurableTask;

namespace BetterTogether.Durable.Tests.Samples;

/// <summary>Reports a custom status, waits for an "Approval" event and returns the request with its approver.</summary>
internal sealed class ApprovalOrchestrator : TaskOrchestrator<string, string>
{
    public const string EventName = "Approval";
    public const string Waiting = "waiting";

    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        context.SetCustomStatus(Waiting);
        var approver = await context.WaitForExternalEvent<string>(EventName);
        context.SetCustomStatus($"approved by {approver}");
        return $"{input} approved by {approver}";
    }
}
