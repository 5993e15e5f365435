namespace BetterTogether.Tasks.Arithmetic;

/// <summary>Settings for <see cref="WordProblemGenerator"/>.</summary>
public sealed class WordProblemGeneratorOptions
{
    /// <summary>The smallest operand (default 2).</summary>
    public int MinOperand { get; init; } = 2;

    /// <summary>The largest operand (default 20). Products stay at most <c>MaxOperand²</c>.</summary>
    public int MaxOperand { get; init; } = 20;

    /// <summary>Whether two-operation templates are used (default true); one-operation templates are always used.</summary>
    public bool IncludeTwoStep { get; init; } = true;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An operand bound is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MinOperand, 1, nameof(MinOperand));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxOperand, MinOperand + 3, nameof(MaxOperand));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxOperand, 1000, nameof(MaxOperand));
    }
}
