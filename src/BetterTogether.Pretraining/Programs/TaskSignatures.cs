using BetterTogether.Core.Predictors;
using BetterTogether.Core.Signatures;

namespace BetterTogether.Pretraining.Programs;

/// <summary>
/// The signatures of the three task families' programs, exactly as the bundled model is pretrained on them:
/// a ChainOfThought classifier, a ChainOfThought arithmetic solver, and the multi-hop program's query and
/// answer predictors (DSPy's <c>context, question -&gt; search_query</c> / <c>context, question -&gt; answer</c>).
/// </summary>
public static class TaskSignatures
{
    /// <summary>The arithmetic solver's base signature (ChainOfThought adds <c>reasoning</c>).</summary>
    public static Signature Arithmetic { get; } = Signature.Parse("question -> answer", "Solve the math word problem. Give the final answer as a number.");

    /// <summary>The multi-hop program's query generator (one per hop).</summary>
    public static Signature GenerateQuery { get; } = Signature.Parse("context, question -> search_query", "Write a search query that finds the missing information needed to answer the question.");

    /// <summary>The multi-hop program's answer generator.</summary>
    public static Signature GenerateAnswer { get; } = Signature.Parse("context, question -> answer", "Answer the question using the context. Give a short answer.");

    /// <summary>The Iris classifier's base signature (the four measurements in cm, predicting the species).</summary>
    public static Signature Iris { get; } = Classification(
        ["sepal_length", "sepal_width", "petal_length", "petal_width"], "species", ["setosa", "versicolor", "virginica"], "flower");

    /// <summary>A classifier's base signature: one input per feature, one output for the label, and instructions that list the labels.</summary>
    /// <param name="featureNames">The feature (input field) names.</param>
    /// <param name="labelName">The label (output field) name.</param>
    /// <param name="labels">The possible labels, in the order the instructions list them.</param>
    /// <param name="subject">What is classified (e.g. <c>flower</c>), used in the instructions.</param>
    /// <returns>The signature.</returns>
    /// <exception cref="SignatureParseException">A name is invalid or repeated.</exception>
    public static Signature Classification(IReadOnlyList<string> featureNames, string labelName, IReadOnlyList<string> labels, string subject)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentException.ThrowIfNullOrWhiteSpace(labelName);
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        var fields = featureNames.Select(f => new SignatureField(f, FieldKind.Input))
            .Append(new SignatureField(labelName, FieldKind.Output));
        return Signature.Create(fields, ClassificationInstructions(featureNames, labelName, labels, subject));
    }

    /// <summary>The instructions of a classifier: <c>Given the a, b and c of a flower, predict its species: x, y, z.</c></summary>
    /// <param name="featureNames">The feature names.</param>
    /// <param name="labelName">The label name.</param>
    /// <param name="labels">The labels.</param>
    /// <param name="subject">What is classified.</param>
    /// <returns>The instruction sentence.</returns>
    public static string ClassificationInstructions(IReadOnlyList<string> featureNames, string labelName, IReadOnlyList<string> labels, string subject)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(subject);
        var joined = featureNames.Count == 1 ? featureNames[0] : string.Join(", ", featureNames.Take(featureNames.Count - 1)) + " and " + featureNames[^1];
        var article = subject.Length > 0 && "aeiou".Contains(subject[0], StringComparison.Ordinal) ? "an" : "a";
        return $"Given the {joined} of {article} {subject}, predict its {labelName}: {string.Join(", ", labels)}.";
    }

    /// <summary>The signature a <see cref="ChainOfThought"/> predictor renders for <paramref name="signature"/> (with <c>reasoning</c> first).</summary>
    /// <param name="signature">The base signature.</param>
    /// <returns>The extended signature.</returns>
    public static Signature WithReasoning(Signature signature) => new ChainOfThought("cot", signature).Signature;
}
