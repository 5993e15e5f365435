namespace BetterTogether.Tasks.Classification;

/// <summary>A randomly drawn feature-to-label task: its schema, its hidden rule's kind, and labeled examples.</summary>
/// <param name="Id">A stable id.</param>
/// <param name="Instruction">A one-line task description, as a signature's instructions.</param>
/// <param name="FeatureNames">The input field names.</param>
/// <param name="LabelName">The output field name.</param>
/// <param name="Labels">The possible labels (2 to 4).</param>
/// <param name="RuleKind">The kind of rule that produced the labels.</param>
/// <param name="Examples">Labeled examples drawn from the rule.</param>
public sealed record SyntheticClassificationTask(
    string Id,
    string Instruction,
    IReadOnlyList<string> FeatureNames,
    string LabelName,
    IReadOnlyList<string> Labels,
    ClassificationRuleKind RuleKind,
    IReadOnlyList<ClassificationExample> Examples);
