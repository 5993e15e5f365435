using System.Text.RegularExpressions;

namespace BetterTogether.Cli;

/// <summary>Turns an exception into the one line a user reads: no .NET decorations such as <c>(Parameter 'x')</c>.</summary>
internal static partial class CliErrors
{
    /// <summary>The message of <paramref name="error"/> without the runtime's parameter and actual-value suffixes.</summary>
    public static string Describe(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var message = error.Message;
        message = ActualValue().Replace(message, string.Empty);
        message = ParameterSuffix().Replace(message, string.Empty);
        return string.Join(' ', message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [GeneratedRegex(@"\s*\(Parameter '[^']*'\)")]
    private static partial Regex ParameterSuffix();

    [GeneratedRegex(@"\s*Actual value was [^\n]*")]
    private static partial Regex ActualValue();
}
