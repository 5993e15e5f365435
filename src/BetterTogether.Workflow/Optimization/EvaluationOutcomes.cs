using System.Globalization;
using BetterTogether.Core.Adapters;
using BetterTogether.Core.Evaluation;

namespace BetterTogether.Workflow.Optimization;

/// <summary>
/// What happened to the examples of one evaluation: <see cref="Scored"/> is the sum of <see cref="Correct"/>,
/// <see cref="Incorrect"/>, <see cref="ParseFailures"/>, <see cref="EmptyOutputs"/> and <see cref="LmErrors"/>
/// (one kind per example, <see cref="ExampleResult.Outcome"/>); <see cref="DemosDropped"/> counts demos left out of
/// prompts to fit the context window. A few failing examples come along in <see cref="Failures"/>.
/// </summary>
/// <param name="Scored">Examples evaluated (those that finished, when the evaluation aborted).</param>
/// <param name="Correct">Full credit from the metric.</param>
/// <param name="Incorrect">Answered in the format, but not full credit.</param>
/// <param name="ParseFailures">Replies that missed an output field.</param>
/// <param name="EmptyOutputs">Replies that parsed but left a labelled output field blank.</param>
/// <param name="LmErrors">Examples whose LM call (or program or metric) threw.</param>
/// <param name="DemosDropped">Demos left out of prompts so that they fit the model's context window, over all examples.</param>
/// <param name="Failures">Up to <see cref="MaxFailures"/> failing examples: format failures and errors first, then wrong answers.</param>
public sealed record EvaluationOutcomes(
    int Scored,
    int Correct,
    int Incorrect,
    int ParseFailures,
    int EmptyOutputs,
    int LmErrors,
    int DemosDropped,
    IReadOnlyList<FailedExample> Failures)
{
    /// <summary>How many failing examples an evaluation keeps.</summary>
    public const int MaxFailures = 3;

    private const int MaxText = 300;

    private static readonly string[] KindOrder = ["parseFailure", "emptyOutput", "lmError", "incorrect"];

    /// <summary>Counts the outcomes of per-example results.</summary>
    /// <param name="results">The results, in set order.</param>
    public static EvaluationOutcomes From(IReadOnlyList<ExampleResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var kinds = results.Select(r => r.Outcome).ToList();
        var failures = results
            .Where(r => r.Outcome != ExampleOutcome.Correct)
            .Select(Describe)
            .OrderBy(f => Array.IndexOf(KindOrder, f.Kind))
            .Take(MaxFailures)
            .ToList();
        return new EvaluationOutcomes(
            results.Count,
            kinds.Count(k => k == ExampleOutcome.Correct),
            kinds.Count(k => k == ExampleOutcome.Incorrect),
            kinds.Count(k => k == ExampleOutcome.ParseFailure),
            kinds.Count(k => k == ExampleOutcome.EmptyOutput),
            kinds.Count(k => k == ExampleOutcome.Error),
            results.Sum(r => r.DemosDropped),
            failures);
    }

    /// <summary>One evaluation's outcomes from its shards' (in set order); null when a shard has none (stored before outcomes were counted).</summary>
    /// <param name="shards">The shards' outcomes.</param>
    public static EvaluationOutcomes? Combine(IReadOnlyList<EvaluationOutcomes?> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        if (shards.Count == 0 || shards.Any(s => s is null))
        {
            return null;
        }

        var all = shards.Select(s => s!).ToList();
        return new EvaluationOutcomes(
            all.Sum(s => s.Scored),
            all.Sum(s => s.Correct),
            all.Sum(s => s.Incorrect),
            all.Sum(s => s.ParseFailures),
            all.Sum(s => s.EmptyOutputs),
            all.Sum(s => s.LmErrors),
            all.Sum(s => s.DemosDropped),
            [.. all.SelectMany(s => s.Failures).OrderBy(f => Array.IndexOf(KindOrder, f.Kind)).Take(MaxFailures)]);
    }

    /// <summary>Replies that did not keep the output format: parse failures plus empty outputs.</summary>
    public int FormatFailures() => ParseFailures + EmptyOutputs;

    private static FailedExample Describe(ExampleResult result)
    {
        var input = Cut(string.Join('\n', result.Example.InputKeys.Select(k => $"{k}: {result.Example.GetValueOrDefault(k)}")));
        var outputs = Cut(string.Join('\n', result.Prediction.Select(kv => $"{kv.Key}: {kv.Value}")));
        var expected = string.Join(", ", result.Example.Keys.Where(k => !result.Example.InputKeys.Contains(k)).Select(k => $"{k} = \"{Cut(result.Example[k])}\""));
        return result.Outcome switch
        {
            ExampleOutcome.ParseFailure => new FailedExample(
                "parseFailure",
                input,
                Cut(((AdapterParseException)result.Error!).Completion),
                $"the reply did not parse: missing output field(s) {string.Join(", ", ((AdapterParseException)result.Error!).MissingFields)}"),
            ExampleOutcome.EmptyOutput => new FailedExample("emptyOutput", input, outputs, "the reply parsed, but the output field is empty"),
            ExampleOutcome.Error => new FailedExample("lmError", input, string.Empty, Cut($"{result.Error!.GetType().Name}: {result.Error.Message}")),
            _ => new FailedExample("incorrect", input, outputs, string.Create(CultureInfo.InvariantCulture, $"the metric scored {result.Score:0.##}; expected {expected}")),
        };
    }

    private static string Cut(string text) => text.Length <= MaxText ? text : string.Concat(text.AsSpan(0, MaxText), "…");
}
