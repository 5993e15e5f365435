namespace BetterTogether.Cli.Optimize;

/// <summary>Where a run stands: stage <see cref="Index"/> of <see cref="Count"/> (0 = baseline), and how far that stage is.</summary>
/// <param name="Index">The stage, 0-based (the baseline is 0, strategy step i is i).</param>
/// <param name="Count">All stages (baseline + steps + the final test evaluation).</param>
/// <param name="Label">The stage's label (<c>baseline</c>, <c>p</c>, <c>w</c>, <c>test</c>).</param>
/// <param name="Fraction">How much of the stage is done, in [0, 1].</param>
/// <param name="Detail">A short status line (e.g. <c>fine-tuning</c>), if any.</param>
internal sealed record StageProgress(int Index, int Count, string Label, double Fraction, string? Detail = null);
