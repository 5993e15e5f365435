using System.Collections;

namespace BetterTogether.Core.Examples;

/// <summary>The outputs of a predictor or program: string-keyed text fields (DSPy's <c>dspy.Prediction</c>).</summary>
public sealed class Prediction : IReadOnlyDictionary<string, string>
{
    private readonly Dictionary<string, string> _fields;

    /// <summary>Creates a prediction.</summary>
    public Prediction(IEnumerable<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        _fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in fields)
        {
            _fields[key] = value ?? string.Empty;
        }
    }

    /// <summary>Creates a prediction from name/value pairs.</summary>
    public static Prediction From(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Key, f.Value)));

    /// <summary>An empty prediction (what a failed example is scored with).</summary>
    public static Prediction Empty { get; } = new([]);

    /// <inheritdoc />
    public int Count => _fields.Count;

    /// <inheritdoc />
    public IEnumerable<string> Keys => _fields.Keys;

    /// <inheritdoc />
    public IEnumerable<string> Values => _fields.Values;

    /// <summary>The value of a field.</summary>
    /// <exception cref="KeyNotFoundException">No such field; the message lists the fields.</exception>
    public string this[string key] => _fields.TryGetValue(key, out var value)
        ? value
        : throw new KeyNotFoundException($"The prediction has no field \"{key}\" (fields: {string.Join(", ", _fields.Keys)}).");

    /// <summary>The value of a field, or null when absent.</summary>
    public string? GetValueOrDefault(string key) => _fields.TryGetValue(key, out var value) ? value : null;

    /// <inheritdoc />
    public bool ContainsKey(string key) => _fields.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, out string value) => _fields.TryGetValue(key, out value!);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public override string ToString() => "Prediction(" + string.Join(", ", _fields.Select(kv => $"{kv.Key}={kv.Value}")) + ")";
}
