namespace BetterTogether.Engine.Tokenization.PreTokenizers;

/// <summary>What happens to the matched delimiter when a piece is split (Hugging Face's <c>SplitDelimiterBehavior</c>).</summary>
internal enum SplitBehavior
{
    /// <summary>Matches are dropped.</summary>
    Removed,

    /// <summary>Matches become pieces of their own.</summary>
    Isolated,

    /// <summary>Each match joins the piece before it.</summary>
    MergedWithPrevious,

    /// <summary>Each match joins the piece after it.</summary>
    MergedWithNext,

    /// <summary>Consecutive matches are joined into one piece.</summary>
    Contiguous,
}
