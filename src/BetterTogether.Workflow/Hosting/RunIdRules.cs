namespace BetterTogether.Workflow.Hosting;

/// <summary>
/// What a run (instance) id may be. A run id names a store folder (<c>runs/{id}/</c>), a Durable instance (an Azure
/// Storage table key and queue message) and URL path segments, so it is kept to characters all of those take as they are.
/// </summary>
public static class RunIdRules
{
    /// <summary>The most characters a run id may have.</summary>
    public const int MaxLength = 100;

    /// <summary>Null when <paramref name="id"/> is a valid run id, else what is wrong with it (for a 400 or a CLI error).</summary>
    public static string? Check(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return "A run id is empty.";
        }

        if (id.Length > MaxLength)
        {
            return $"A run id has at most {MaxLength} characters; this one has {id.Length}.";
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return $"Run id '{Printable(id)}' has the character {Describe(c)}; use ASCII letters, digits, '-', '_' and '.'.";
            }
        }

        return id[0] == '.' ? $"Run id '{id}' starts with '.'; start it with a letter or digit." : null;
    }

    /// <summary>True when <paramref name="id"/> is a valid run id.</summary>
    public static bool IsValid(string? id) => Check(id) is null;

    /// <summary>Throws when <paramref name="id"/> is not a valid run id.</summary>
    /// <exception cref="ArgumentException">The id is invalid; the message says why.</exception>
    public static void Validate(string? id, string paramName = "instanceId")
    {
        if (Check(id) is { } problem)
        {
            throw new ArgumentException(problem, paramName);
        }
    }

    private static string Describe(char c) => char.IsControl(c) || char.IsWhiteSpace(c) ? $"U+{(int)c:X4}" : $"'{c}'";

    private static string Printable(string id) => new([.. id.Take(MaxLength).Select(c => char.IsControl(c) ? '?' : c)]);
}
