namespace BetterTogether.Workflow.Optimization;

/// <summary>One example that did not score, as the report shows it: what went in, what came back, and why it failed.</summary>
/// <param name="Kind">How it ended: <c>parseFailure</c>, <c>emptyOutput</c>, <c>lmError</c> or <c>incorrect</c>.</param>
/// <param name="Input">The example's input fields, <c>name: value</c> per line (cut to a few hundred characters).</param>
/// <param name="Reply">The raw LM reply of a parse failure, the parsed outputs otherwise (empty after an LM error).</param>
/// <param name="Reason">Why it failed, in words.</param>
public sealed record FailedExample(string Kind, string Input, string Reply, string Reason);
