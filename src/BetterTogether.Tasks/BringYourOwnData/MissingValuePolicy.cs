namespace BetterTogether.Tasks.BringYourOwnData;

/// <summary>What to do with a missing cell in a user's data file (<see cref="MissingValues.IsMissing"/>).</summary>
public enum MissingValuePolicy
{
    /// <summary>
    /// The default. An input cell is kept as written, so the model sees the file's own marker (an empty value, <c>NA</c>, …)
    /// and no example is lost; a row whose output is missing cannot be scored and is dropped. Both are counted and shown.
    /// </summary>
    Keep,

    /// <summary>A row with any missing selected input or output is dropped (counted and shown).</summary>
    SkipRow,

    /// <summary>The first missing selected cell stops the run with its file, line and column.</summary>
    Fail,
}
