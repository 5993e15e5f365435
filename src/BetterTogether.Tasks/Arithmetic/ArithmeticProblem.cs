namespace BetterTogether.Tasks.Arithmetic;

/// <summary>A math word problem with worked reasoning and its final numeric answer.</summary>
/// <param name="Id">A stable id (<c>gsm8k-train-12</c>, <c>arith-…</c>).</param>
/// <param name="Question">The word problem.</param>
/// <param name="Reasoning">Step-by-step reasoning that ends at the answer (GSM8K's calculator annotations removed).</param>
/// <param name="Answer">The final answer as text, without thousands separators (GSM8K's <c>#### N</c>).</param>
public sealed record ArithmeticProblem(string Id, string Question, string Reasoning, string Answer);
