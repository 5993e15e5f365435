namespace BetterTogether.Tasks.Registry;

/// <summary>The program shape for a user's own data (<c>--program predict|cot</c>).</summary>
public enum ProgramKind
{
    /// <summary>One Predict call.</summary>
    Predict = 0,

    /// <summary>One ChainOfThought call (reasoning first).</summary>
    ChainOfThought = 1,
}
