using BetterTogether.Api.Runs;
using BetterTogether.Workflow.Hosting;

namespace BetterTogether.Api.Tests;

public sealed class RunIdRulesTests
{
    [Theory]
    [InlineData("run-1")]
    [InlineData("iris-p-w-p-s0-3fa81c20")]
    [InlineData("sched-nightly-20261208T110000Z")]
    [InlineData("a.b_c")]
    public void Valid(string id) => Assert.Null(RunIdRules.Check(id));

    [Theory]
    [InlineData("", "empty")]
    [InlineData(".hidden", "starts with '.'")]
    [InlineData("a/b", "'/'")]
    [InlineData("a b", "U+0020")]
    [InlineData("a\u0007b", "U+0007")]
    [InlineData("caf\u00e9", "'\u00e9'")]
    public void Invalid_SaysWhy(string id, string expected) => Assert.Contains(expected, RunIdRules.Check(id), StringComparison.Ordinal);

    [Fact]
    public void Overlong_IsRefused()
    {
        Assert.Null(RunIdRules.Check(new string('a', RunIdRules.MaxLength)));
        Assert.Contains("at most 100", RunIdRules.Check(new string('a', RunIdRules.MaxLength + 1)), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => RunIdRules.Validate(new string('a', 1000)));
    }

    [Theory]
    [InlineData("report.json")]
    [InlineData("steps/2/finetune/datasets.json")]
    [InlineData("report.html")]
    public void ArtifactPath_Served(string path) => Assert.Null(ArtifactPathRules.Check(path));

    [Theory]
    [InlineData("")]
    [InlineData("../other/report.json")]
    [InlineData("a//b")]
    [InlineData("/abs")]
    [InlineData("a\\b")]
    [InlineData("a\u0000b")]
    [InlineData(".bt/locks/00.lock")]
    [InlineData("data/.train.jsonl.0f3e.bt-tmp")]
    [InlineData("report.json.bt-meta")]
    public void ArtifactPath_InvalidOrInternal_Refused(string path) => Assert.NotNull(ArtifactPathRules.Check(path));
}
