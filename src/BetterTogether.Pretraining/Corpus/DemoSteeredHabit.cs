namespace BetterTogether.Pretraining.Corpus;

/// <summary>
/// A habit the corpus gives documents without demos and that demos override: a document either shows the habit
/// throughout (its demos and its reply) or not at all, and documents without demos show it more often. The model's
/// zero-shot reply then leans to the habit, and demos (or a fine-tune on traces) without it steer it away.
/// </summary>
internal static class DemoSteeredHabit
{
    /// <summary>Whether a document showing <paramref name="demoCount"/> demos shows the habit.</summary>
    public static bool Draw(Random random, int demoCount, double shareWithoutDemos, double shareWithDemos) =>
        random.NextDouble() < (demoCount == 0 ? shareWithoutDemos : shareWithDemos);
}
