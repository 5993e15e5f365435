using System.CommandLine;
using BetterTogether.Cli.Optimize;
using Spectre.Console;

namespace BetterTogether.Cli.Tests.Optimize;

/// <summary>Invokes <c>bt optimize</c> in process through the real command with a captured, non-interactive console.</summary>
internal static class OptimizeHarness
{
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            Interactive = InteractionSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 200;
        var root = new RootCommand();
        root.Subcommands.Add(OptimizeCommand.Create(() => console, OptimizeBackends.Create));
        var exit = await root.Parse(["optimize", .. args]).InvokeAsync();
        return (exit, writer.ToString());
    }

    public static string NewTempFolder(string name)
    {
        var folder = Path.Combine(Path.GetTempPath(), "bt-cli-tests", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
