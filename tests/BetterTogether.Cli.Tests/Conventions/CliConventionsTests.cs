using System.CommandLine;
using System.Diagnostics;
using BetterTogether.Cli.Optimize;

namespace BetterTogether.Cli.Tests.Conventions;

public sealed class CliConventionsTests
{
    [Theory]
    [InlineData("--hepl", "--help")]
    [InlineData("--sede", "--seed")]
    [InlineData("--strategyy", "--strategy")]
    [InlineData("--trian-size", "--train-size")]
    public void TypoSuggestions_SwapIsOneEdit(string typed, string expected)
        => Assert.Equal([expected], TypoSuggestions.For(OptimizeCommand.Create(), typed));

    [Fact]
    public void TypoSuggestions_NothingClose_NoSuggestion()
        => Assert.Empty(TypoSuggestions.For(OptimizeCommand.Create(), "--completely-different"));

    [Theory]
    [InlineData("Value must be positive. (Parameter 'Rank')", "Value must be positive.")]
    [InlineData("Port ('99999') must be less than or equal to '65535'. (Parameter 'Port')\nActual value was 99999.", "Port ('99999') must be less than or equal to '65535'.")]
    [InlineData("plain message", "plain message")]
    public void Describe_DropsDotNetDecorations(string message, string expected)
        => Assert.Equal(expected, CliErrors.Describe(new ArgumentException(message)));

    [Fact]
    public void Describe_ArgumentOutOfRange_NoParameterOrActualValue()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => ArgumentOutOfRangeException.ThrowIfGreaterThan(99999, 65535, "Port"));
        var text = CliErrors.Describe(error);
        Assert.DoesNotContain("(Parameter", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Actual value", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, null, true)]
    [InlineData(false, "1", true)]
    [InlineData(false, "", false)]
    [InlineData(false, null, false)]
    public void Plain_WhenRedirectedOrNoColor(bool redirected, string? noColor, bool plain)
        => Assert.Equal(plain, CliConsole.Plain(name => name == "NO_COLOR" ? noColor : null, redirected));

    [Fact]
    public void PlainConsole_WritesNoEscapeCodes()
    {
        var output = new StringWriter();
        var console = CliConsole.Create(output, plain: true);
        Spectre.Console.AnsiConsoleExtensions.MarkupLine(console, "[red]error:[/] [bold]something[/]");
        Assert.Equal("error: something", output.ToString().TrimEnd());
        Assert.DoesNotContain('\u001b', output.ToString());
    }

    [Fact]
    public async Task RealProcess_RedirectedOutput_HasNoEscapeCodes_AndATypoSuggestsHelp()
    {
        var bt = typeof(OptimizeCommand).Assembly.Location;
        var (exit, stdout, stderr) = await RunAsync(bt, "optimize", "--task", "no-such-task");
        Assert.Equal(2, exit);
        Assert.Contains("error: --task 'no-such-task' is unknown", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', stdout + stderr);

        var (_, _, typo) = await RunAsync(bt, "optimize", "--hepl");
        Assert.Contains("Did you mean --help?", typo, StringComparison.Ordinal);
        Assert.DoesNotContain("--seed", typo, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string dll, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("NO_COLOR");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
