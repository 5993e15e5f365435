namespace BetterTogether.Durable;

/// <summary>Azure Storage's rules for task hub names, which become queue, table and container name prefixes.</summary>
internal static class TaskHubNames
{
    private const int MinLength = 3;
    private const int MaxLength = 45;

    public static void Validate(string? name, string parameterName)
    {
        if (string.IsNullOrEmpty(name) || name.Length is < MinLength or > MaxLength)
        {
            throw new ArgumentException($"{parameterName} '{name}' must be {MinLength} to {MaxLength} characters long.", parameterName);
        }

        if (!char.IsAsciiLetter(name[0]) || !name.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException($"{parameterName} '{name}' must contain only letters and digits and start with a letter.", parameterName);
        }
    }
}
