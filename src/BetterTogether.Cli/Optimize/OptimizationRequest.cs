using BetterTogether.Tasks.Registry;

namespace BetterTogether.Cli.Optimize;

/// <summary>A validated run: the options, the resolved task, the run id and the language model to use.</summary>
/// <param name="Options">The command-line settings.</param>
/// <param name="Task">The task, cut to the budgets.</param>
/// <param name="RunId">The run id (a rerun with the same id resumes).</param>
/// <param name="Lm">The language model (local engine or endpoint).</param>
internal sealed record OptimizationRequest(OptimizeOptions Options, TaskDefinition Task, string RunId, LmSetup Lm);
