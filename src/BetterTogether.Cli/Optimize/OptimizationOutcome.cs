using BetterTogether.Cli.Reports;

namespace BetterTogether.Cli.Optimize;

/// <summary>What a finished run hands to the artifact writer.</summary>
/// <param name="Report">The report (baseline and steps).</param>
/// <param name="ProgramStateJson">The best program's state (Core <c>ProgramState</c> JSON).</param>
/// <param name="AdapterFolder">A local folder holding the best program's PEFT adapter, or null when it uses the base weights.</param>
/// <param name="TracesJsonl">The best program's traces on the test split, one JSON object a line.</param>
internal sealed record OptimizationOutcome(RunReport Report, string ProgramStateJson, string? AdapterFolder, string TracesJsonl);
