namespace BetterTogether.Pretraining.Evaluation;

/// <summary>The reasons a two-hop run can miss, as the gate logs them.</summary>
public static class MultiHopMisses
{
    /// <summary>A reply that did not parse.</summary>
    public const string Unparsed = "unparsed reply";

    /// <summary>The first hop's supporting passage was not among the passages the answer call saw.</summary>
    public const string FirstPassage = "first passage not retrieved";

    /// <summary>The second hop's supporting passage was not among them.</summary>
    public const string SecondPassage = "second passage not retrieved";

    /// <summary>Both passages at hand, and a year given for a place or a place for a year.</summary>
    public const string WrongKind = "both passages retrieved, a year for a place or a place for a year";

    /// <summary>Both passages at hand, and another wrong answer of the right kind.</summary>
    public const string WrongAnswer = "both passages retrieved, other wrong answer";
}
