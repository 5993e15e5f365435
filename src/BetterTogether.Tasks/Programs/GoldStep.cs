namespace BetterTogether.Tasks.Programs;

/// <summary>One predictor call of a correct run, with the inputs the program would pass and the outputs it should get.</summary>
/// <param name="PredictorName">The predictor (for example <c>generate_query_1</c>).</param>
/// <param name="Inputs">Input field values, exactly as the program renders them.</param>
/// <param name="Outputs">Output field values, reasoning first.</param>
public sealed record GoldStep(string PredictorName, IReadOnlyDictionary<string, string> Inputs, IReadOnlyDictionary<string, string> Outputs);
