using BetterTogether.Workflow.Optimization;

namespace BetterTogether.Cli.Optimize;

/// <summary>What a finished run hands to the console and the artifact writer.</summary>
/// <param name="Report">The run's report as the orchestration returned (or, for a failed step, stored) it.</param>
/// <param name="ProgramStateJson">The best program's state (Core <c>ProgramState</c> JSON).</param>
/// <param name="AdapterFolder">A local folder holding the best program's PEFT adapter, or null when it uses the base weights.</param>
/// <param name="TracesJsonl">The best program's traces on the test split, one JSON object a line.</param>
/// <param name="LmCallsThisInvocation">
/// LM calls this invocation made (cache hits excluded; 0 when a rerun read a finished run back from the store). A fact
/// about this process, not about the run: shown on the console, not part of the report.
/// </param>
internal sealed record OptimizationOutcome(OptimizationReport Report, string ProgramStateJson, string? AdapterFolder, string TracesJsonl, long LmCallsThisInvocation = 0);
