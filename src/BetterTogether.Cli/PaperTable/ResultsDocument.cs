namespace BetterTogether.Cli.PaperTable;

/// <summary>Writes the generated table into <c>docs/RESULTS.md</c> between markers, keeping the rest of the file.</summary>
internal static class ResultsDocument
{
    /// <summary>The line before the generated section.</summary>
    public const string Begin = "<!-- bt paper-table: begin (generated; edits here are overwritten) -->";

    /// <summary>The line after the generated section.</summary>
    public const string End = "<!-- bt paper-table: end -->";

    /// <summary>Replaces the generated section of <paramref name="existing"/> (or appends one) with <paramref name="section"/>.</summary>
    public static string Merge(string? existing, string section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var block = $"{Begin}\n{section.TrimEnd()}\n{End}\n";
        if (string.IsNullOrEmpty(existing))
        {
            return "# Results\n\n" + block;
        }

        var start = existing.IndexOf(Begin, StringComparison.Ordinal);
        var end = existing.IndexOf(End, StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            return existing.TrimEnd() + "\n\n" + block;
        }

        return existing[..start] + block + existing[(end + End.Length)..].TrimStart('\n');
    }
}
