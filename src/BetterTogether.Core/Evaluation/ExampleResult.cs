using BetterTogether.Core.Adapters;
using BetterTogether.Core.Examples;
using BetterTogether.Core.Tracing;

namespace BetterTogether.Core.Evaluation;

/// <summary>The outcome of one example.</summary>
/// <param name="Index">The example's position in the evaluated set.</param>
/// <param name="Example">The example.</param>
/// <param name="Prediction">The prediction (empty when the example failed).</param>
/// <param name="Score">The metric's score, or the failure score.</param>
/// <param name="Trace">The predictor calls of the run (partial when it failed).</param>
/// <param name="Error">What failed, or null.</param>
public sealed record ExampleResult(int Index, Example Example, Prediction Prediction, double Score, Trace Trace, Exception? Error)
{
    /// <summary>True when the program and the metric both ran.</summary>
    public bool Succeeded => Error is null;

    /// <summary>The demos left out of this example's predictor calls so that they fit the model's context window.</summary>
    public int DemosDropped => Trace.Steps.Sum(s => s.DemosDropped);

    /// <summary>How the example ended, for outcome counts: exactly one kind per example.</summary>
    /// <remarks>
    /// A reply that misses an output field is a <see cref="ExampleOutcome.ParseFailure"/>; one that parses but leaves
    /// a labelled output field blank is an <see cref="ExampleOutcome.EmptyOutput"/>; any other failure of the program
    /// or metric (an LM call that threw, most often) is an <see cref="ExampleOutcome.Error"/>.
    /// </remarks>
    public ExampleOutcome Outcome => Error switch
    {
        AdapterParseException => ExampleOutcome.ParseFailure,
        not null => ExampleOutcome.Error,
        _ when HasEmptyOutput() => ExampleOutcome.EmptyOutput,
        _ => Score >= 1.0 ? ExampleOutcome.Correct : ExampleOutcome.Incorrect,
    };

    private bool HasEmptyOutput()
    {
        if (Prediction.Count == 0 || Prediction.Values.All(string.IsNullOrWhiteSpace))
        {
            return true;
        }

        return Example.Keys.Where(k => !Example.InputKeys.Contains(k)).Any(k => Prediction.TryGetValue(k, out var value) && string.IsNullOrWhiteSpace(value));
    }
}
