using Spectre.Console;

namespace BetterTogether.Cli;

/// <summary>
/// The console <c>bt</c> writes to: colour, bold and live progress when a person is watching a terminal; plain text
/// when the output is redirected (a file, a pipe, CI) or <c>NO_COLOR</c> is set (https://no-color.org).
/// </summary>
internal static class CliConsole
{
    /// <summary>True when output should carry no escape codes.</summary>
    public static bool Plain(Func<string, string?> environment, bool outputRedirected) =>
        outputRedirected || !string.IsNullOrEmpty(environment("NO_COLOR"));

    /// <summary>The console for this process.</summary>
    public static IAnsiConsole Create() => Create(Console.Out, Plain(Environment.GetEnvironmentVariable, Console.IsOutputRedirected));

    /// <summary>A console over <paramref name="output"/>; plain (no ANSI, no colours, not interactive) when <paramref name="plain"/>.</summary>
    public static IAnsiConsole Create(TextWriter output, bool plain) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
        ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        Interactive = plain ? InteractionSupport.No : InteractionSupport.Detect,
        Out = new AnsiConsoleOutput(output),
    });
}
