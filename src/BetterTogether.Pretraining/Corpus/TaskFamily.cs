namespace BetterTogether.Pretraining.Corpus;

/// <summary>The task families the bundled model is pretrained on.</summary>
public enum TaskFamily
{
    /// <summary>Feature-based classification with a ChainOfThought classifier (Iris-like).</summary>
    Classification = 0,

    /// <summary>Arithmetic word problems with a ChainOfThought solver.</summary>
    Arithmetic = 1,

    /// <summary>Two-hop questions: query generation and answering over retrieved passages.</summary>
    MultiHop = 2,

    /// <summary>Short reading drills (repeat a list, answer a one-hop question) that teach copying from the context.</summary>
    Reading = 3,

    /// <summary>Short calculation drills (lists of equations) that teach the arithmetic facts the word problems use.</summary>
    Calculation = 4,

    /// <summary>Short comparison drills (place values against a stated threshold rule) that teach the classifier's comparisons.</summary>
    Comparison = 5,
}
