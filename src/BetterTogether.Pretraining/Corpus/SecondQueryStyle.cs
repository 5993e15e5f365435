namespace BetterTogether.Pretraining.Corpus;

/// <summary>
/// How a multi-hop document's second search query is written. A searcher who has the first passage in hand names
/// the bridge entity it found (<see cref="Bridge"/>, the gold program's query); a naive one searches the question's
/// own words again (<see cref="Question"/>), which finds the first passage again and not the second. The naive
/// query is a <see cref="DemoSteeredHabit"/>, as direct answers are (<see cref="SolutionStyle"/>): demos or traces
/// that name the bridge steer the model to it, and correct traces mostly do, since a naive second query seldom
/// retrieves the second passage.
/// </summary>
internal enum SecondQueryStyle
{
    /// <summary>Names the bridge entity read in the first passage.</summary>
    Bridge,

    /// <summary>Searches the question's words again.</summary>
    Question,
}

/// <summary>Drawing and writing <see cref="SecondQueryStyle"/>s.</summary>
internal static class SecondQueryStyles
{
    /// <summary>Share of second-query documents without demos whose query is <see cref="SecondQueryStyle.Question"/>.</summary>
    public const double QuestionShareWithoutDemos = 0.6;

    /// <summary>Share of second-query documents with demos whose query (demos and reply alike) is <see cref="SecondQueryStyle.Question"/>.</summary>
    public const double QuestionShareWithDemos = 0.5;

    /// <summary>Draws a document's style; <paramref name="demoCount"/> is the number of demos it shows.</summary>
    public static SecondQueryStyle Draw(Random random, int demoCount) =>
        DemoSteeredHabit.Draw(random, demoCount, QuestionShareWithoutDemos, QuestionShareWithDemos) ? SecondQueryStyle.Question : SecondQueryStyle.Bridge;

    /// <summary>The reasoning of a <see cref="SecondQueryStyle.Question"/> query.</summary>
    public const string QuestionReasoning = "I search for the question.";
}
