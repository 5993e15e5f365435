namespace BetterTogether.Engine.Training;

/// <summary>
/// One training sequence: token ids and which of them are targets (e.g. assistant tokens). Position i is
/// predicted from positions 0…i−1, so <c>TargetMask[0]</c> is ignored.
/// </summary>
public sealed record TrainingSequence
{
    /// <summary>Creates a sequence.</summary>
    /// <param name="tokens">Token ids.</param>
    /// <param name="targetMask">True where the token is a target; same length as <paramref name="tokens"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ or the sequence is empty.</exception>
    public TrainingSequence(IReadOnlyList<int> tokens, IReadOnlyList<bool> targetMask)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(targetMask);
        if (tokens.Count == 0 || tokens.Count != targetMask.Count)
        {
            throw new ArgumentException($"A training sequence needs tokens and a mask of the same, non-zero length (got {tokens.Count} and {targetMask.Count}).", nameof(targetMask));
        }

        Tokens = tokens;
        TargetMask = targetMask;
    }

    /// <summary>Token ids.</summary>
    public IReadOnlyList<int> Tokens { get; }

    /// <summary>Target flags per token.</summary>
    public IReadOnlyList<bool> TargetMask { get; }

    /// <summary>Number of positions that contribute to the loss.</summary>
    public int TargetCount
    {
        get
        {
            var n = 0;
            for (var i = 1; i < Tokens.Count; i++)
            {
                n += TargetMask[i] ? 1 : 0;
            }

            return n;
        }
    }
}
