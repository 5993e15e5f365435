namespace BetterTogether.Pretraining.Corpus;

/// <summary>
/// How a corpus document's reasoning is written. Text written by people mostly states a result without the work
/// that led to it; pages of worked examples show the work, example after example. So a document keeps one style
/// throughout its demos and its reply, and a document without demos is mostly <see cref="Direct"/>: the model's
/// zero-shot reasoning leans to the bare answer, and demos (or a fine-tune on traces) that show worked steps steer it
/// to them — the in-context signal few-shot chain-of-thought gives a pretrained LM.
/// </summary>
internal enum SolutionStyle
{
    /// <summary>The steps, then the result (the task generators' own reasoning).</summary>
    Worked,

    /// <summary>Only the result: <c>The answer is 12.</c></summary>
    Direct,
}

/// <summary>Drawing and writing <see cref="SolutionStyle"/>s.</summary>
internal static class SolutionStyles
{
    /// <summary>Share of documents without demos whose reasoning is <see cref="SolutionStyle.Direct"/>.</summary>
    public const double DirectShareWithoutDemos = 0.8;

    /// <summary>Share of documents with demos whose reasoning (demos and reply alike) is <see cref="SolutionStyle.Direct"/>.</summary>
    public const double DirectShareWithDemos = 0.5;

    /// <summary>Draws a document's style; <paramref name="demoCount"/> is the number of demos it shows.</summary>
    public static SolutionStyle Draw(Random random, int demoCount) =>
        DemoSteeredHabit.Draw(random, demoCount, DirectShareWithoutDemos, DirectShareWithDemos) ? SolutionStyle.Direct : SolutionStyle.Worked;

    /// <summary>The reasoning in <paramref name="style"/>: <paramref name="worked"/> itself, or only the answer.</summary>
    public static string Reasoning(SolutionStyle style, string worked, string answer) =>
        style == SolutionStyle.Worked ? worked : $"The answer is {answer}.";
}
