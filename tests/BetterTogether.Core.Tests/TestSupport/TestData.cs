using BetterTogether.Core.Examples;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Core.Metrics;
using Microsoft.Extensions.AI;

namespace BetterTogether.Core.Tests.TestSupport;

internal static class TestData
{
    /// <summary>Arithmetic examples "a+b" → sum, with question as input.</summary>
    public static List<Example> Sums(int count, int offset = 0) =>
        [.. Enumerable.Range(offset, count).Select(i => Example.From(("question", $"{i}+{i}"), ("answer", $"{2 * i}")).WithInputs("question"))];

    public static Metric AnswerMatches { get; } = MetricFactory.ExactMatch("answer");

    public static LanguageModel Lm(IChatClient client, string model = "test-model") => new(client, model);

    /// <summary>Answers questions "a+b" correctly.</summary>
    public static string Solve(string question)
    {
        var parts = question.Split('+');
        return (int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) + int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
