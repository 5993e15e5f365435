namespace BetterTogether.Tasks.BringYourOwnData;

/// <summary>One example from a user's data file: the selected input columns and the output column.</summary>
/// <param name="Inputs">Input column name to value, for the columns selected with <c>--inputs</c>.</param>
/// <param name="Output">The value of the <c>--output</c> column.</param>
/// <param name="LineNumber">The 1-based line the record starts on, for error messages.</param>
public sealed record DataRecord(IReadOnlyDictionary<string, string> Inputs, string Output, int LineNumber);
