namespace BetterTogether.Core.Evaluation;

/// <summary>How one evaluated example ended (<see cref="ExampleResult.Outcome"/>).</summary>
public enum ExampleOutcome
{
    /// <summary>The program answered and the metric gave full credit (score ≥ 1).</summary>
    Correct,

    /// <summary>The program answered in the format, but the metric gave less than full credit.</summary>
    Incorrect,

    /// <summary>The LM reply did not contain every output field (<see cref="Adapters.AdapterParseException"/>).</summary>
    ParseFailure,

    /// <summary>The reply parsed, but a labelled output field (or every output field) was blank.</summary>
    EmptyOutput,

    /// <summary>The program or metric threw for another reason, most often an LM call that failed.</summary>
    Error,
}
