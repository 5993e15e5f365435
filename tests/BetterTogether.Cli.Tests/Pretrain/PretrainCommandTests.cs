using System.CommandLine;
using BetterTogether.Cli.Pretrain;

namespace BetterTogether.Cli.Tests.Pretrain;

public sealed class PretrainCommandTests
{
    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var root = new RootCommand();
        root.Subcommands.Add(PretrainCommand.Create(output, error));
        var exit = await root.Parse(["pretrain", .. args]).InvokeAsync();
        return (exit, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("--steps", "0", "Steps")]
    [InlineData("--batch", "-1", "SequencesPerStep")]
    [InlineData("--warmup-target-loss", "-0.5", "InductionWarmupTargetLoss")]
    public async Task BadOption_ExitsOne_SaysWhich_WritesNothing(string option, string value, string named)
    {
        var folder = Path.Combine(Path.GetTempPath(), "bt-cli-tests", $"pretrain-{Guid.NewGuid():N}");
        var (exit, output, error) = await RunAsync(option, value, "--output", Path.Combine(folder, "model"), "--checkpoint", Path.Combine(folder, "ckpt"));

        Assert.Equal(1, exit);
        Assert.StartsWith("bt pretrain: ", error, StringComparison.Ordinal);
        Assert.Contains(named, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output);
        Assert.False(Directory.Exists(folder));
    }
}
