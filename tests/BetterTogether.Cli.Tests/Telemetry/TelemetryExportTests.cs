using System.CommandLine;
using BetterTogether.Cli.Telemetry;

namespace BetterTogether.Cli.Tests.Telemetry;

public sealed class TelemetryExportTests
{
    [Fact]
    public void Start_NeitherConsoleNorOtlpEndpoint_ExportsNothing()
    {
        Assert.Null(TelemetryExport.Start(console: false, _ => null));
        Assert.Null(TelemetryExport.Start(console: false, name => name == TelemetryExport.OtlpEndpointVariable ? " " : null));
    }

    [Fact]
    public void Start_Console_StartsAnExport()
    {
        using var export = TelemetryExport.Start(console: true, _ => null);

        Assert.NotNull(export);
    }

    [Theory]
    [InlineData(new[] { "serve", "--otel-console" }, true)]
    [InlineData(new[] { "--otel-console", "serve" }, true)]
    [InlineData(new[] { "serve" }, false)]
    public void ConsoleOption_OnTheRoot_IsTakenByEverySubcommand(string[] args, bool expected)
    {
        var root = new RootCommand { Subcommands = { new Command("serve") }, Options = { TelemetryExport.ConsoleOption } };

        var parse = root.Parse(args);

        Assert.Empty(parse.Errors);
        Assert.Equal(expected, parse.GetValue(TelemetryExport.ConsoleOption));
    }
}
