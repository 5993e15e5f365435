namespace BetterTogether.Tasks.BringYourOwnData;

/// <summary>Which columns of a data file are inputs and which one is the output (<c>--inputs a,b,c --output label</c>).</summary>
public sealed record ColumnSelection
{
    /// <summary>Creates and validates a selection.</summary>
    /// <param name="inputs">The input column names, in the order the program's signature lists them.</param>
    /// <param name="output">The output (label) column name.</param>
    /// <exception cref="ArgumentException">No inputs, a blank or duplicate name, or the output is also an input.</exception>
    public ColumnSelection(IReadOnlyList<string> inputs, string output)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentException.ThrowIfNullOrWhiteSpace(output);
        if (inputs.Count == 0)
        {
            throw new ArgumentException("At least one input column is required.", nameof(inputs));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            if (string.IsNullOrWhiteSpace(input))
            {
                throw new ArgumentException("Input column names must not be blank.", nameof(inputs));
            }

            if (!seen.Add(input))
            {
                throw new ArgumentException($"Input column '{input}' is listed twice.", nameof(inputs));
            }
        }

        if (seen.Contains(output))
        {
            throw new ArgumentException($"Column '{output}' cannot be both an input and the output.", nameof(output));
        }

        Inputs = inputs.ToArray();
        Output = output;
    }

    /// <summary>The input column names, in order.</summary>
    public IReadOnlyList<string> Inputs { get; }

    /// <summary>The output column name.</summary>
    public string Output { get; }

    /// <summary>Every selected column: the inputs, then the output.</summary>
    public IEnumerable<string> All => Inputs.Append(Output);

    /// <summary>Parses the command-line form: a comma-separated input list and an output name.</summary>
    /// <param name="inputs">For example <c>"a,b,c"</c>; names are trimmed.</param>
    /// <param name="output">The output column name; trimmed.</param>
    /// <exception cref="ArgumentException">The selection is invalid (see the constructor).</exception>
    public static ColumnSelection Parse(string inputs, string output)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(output);
        var names = inputs.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return new ColumnSelection(names, output.Trim());
    }
}
