namespace BetterTogether.Pretraining.Corpus;

/// <summary>What the pretraining does differently per family.</summary>
public static class TaskFamilyExtensions
{
    /// <summary>
    /// Whether the family is a drill (reading, calculation, comparison) rather than a task's own prompt format. Drills
    /// keep the loss on the reply: their requests are random names and operands, noise that slows learning down.
    /// </summary>
    /// <param name="family">The family.</param>
    /// <returns><see langword="true"/> for a drill.</returns>
    public static bool IsDrill(this TaskFamily family) => family is TaskFamily.Reading or TaskFamily.Calculation or TaskFamily.Comparison;
}
