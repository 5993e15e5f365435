using BetterTogether.Core.Signatures;

namespace BetterTogether.Core.Adapters;

/// <summary>An LM reply did not contain every output field of the signature (DSPy's <c>AdapterParseError</c>).</summary>
public sealed class AdapterParseException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AdapterParseException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AdapterParseException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public AdapterParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a reply that misses fields.</summary>
    /// <param name="signature">The signature the reply was parsed against.</param>
    /// <param name="completion">The raw reply.</param>
    /// <param name="parsedFields">The fields that were found.</param>
    /// <param name="predictorName">The predictor that made the call, when known.</param>
    public AdapterParseException(Signature signature, string completion, IReadOnlyDictionary<string, string> parsedFields, string? predictorName = null)
        : base(BuildMessage(signature, parsedFields, predictorName))
    {
        Signature = signature;
        Completion = completion;
        ParsedFields = parsedFields;
        PredictorName = predictorName;
    }

    /// <summary>The signature the reply was parsed against.</summary>
    public Signature? Signature { get; }

    /// <summary>The raw LM reply.</summary>
    public string Completion { get; } = string.Empty;

    /// <summary>The output fields that were parsed before the failure.</summary>
    public IReadOnlyDictionary<string, string> ParsedFields { get; } = new Dictionary<string, string>();

    /// <summary>The predictor whose call failed, when known.</summary>
    public string? PredictorName { get; }

    /// <summary>The output fields that are missing.</summary>
    public IReadOnlyList<string> MissingFields =>
        Signature is null ? [] : [.. Signature.OutputFields.Select(f => f.Name).Where(n => !ParsedFields.ContainsKey(n))];

    private static string BuildMessage(Signature signature, IReadOnlyDictionary<string, string> parsed, string? predictorName)
    {
        var expected = signature.OutputFields.Select(f => f.Name).ToList();
        var missing = expected.Where(n => !parsed.ContainsKey(n)).ToList();
        var where = predictorName is null ? string.Empty : $" of predictor \"{predictorName}\"";
        return $"ChatAdapter could not parse the LM reply{where} for signature \"{signature}\": expected output fields [{string.Join(", ", expected)}], " +
               $"found [{string.Join(", ", parsed.Keys)}], missing [{string.Join(", ", missing)}].";
    }
}
