namespace BetterTogether.Tasks.BringYourOwnData;

/// <summary>One CSV record and the line it starts on.</summary>
/// <param name="LineNumber">The 1-based physical line the record starts on.</param>
/// <param name="Fields">The record's fields, unquoted.</param>
internal sealed record CsvRow(int LineNumber, IReadOnlyList<string> Fields);
