using System.Collections;

namespace BetterTogether.Core.Examples;

/// <summary>
/// A data point: string-keyed text fields, some of which are marked as inputs (DSPy's <c>dspy.Example</c>).
/// Immutable; equality compares the fields only (as DSPy compares <c>_store</c>), so a demo equal to the
/// current training example can be recognised and excluded.
/// </summary>
public sealed class Example : IEquatable<Example>, IReadOnlyDictionary<string, string>
{
    private readonly Dictionary<string, string> _fields;

    /// <summary>Creates an example.</summary>
    /// <param name="fields">The field values.</param>
    /// <param name="inputKeys">Which keys are inputs; each must be a field.</param>
    /// <param name="augmented">True for a demo produced by bootstrapping rather than taken from labels.</param>
    /// <exception cref="ArgumentException">An input key is not a field.</exception>
    public Example(IEnumerable<KeyValuePair<string, string>> fields, IEnumerable<string>? inputKeys = null, bool augmented = false)
    {
        ArgumentNullException.ThrowIfNull(fields);
        _fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in fields)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(key, nameof(fields));
            _fields[key] = value ?? string.Empty;
        }

        var keys = (inputKeys ?? []).Distinct(StringComparer.Ordinal).ToList();
        var missing = keys.FirstOrDefault(k => !_fields.ContainsKey(k));
        if (missing is not null)
        {
            throw new ArgumentException($"Input key \"{missing}\" is not a field of the example (fields: {string.Join(", ", _fields.Keys)}).", nameof(inputKeys));
        }

        InputKeys = keys;
        Augmented = augmented;
    }

    /// <summary>Creates an example from name/value pairs, e.g. <c>Example.From(("question", "2+2?"), ("answer", "4"))</c>.</summary>
    public static Example From(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Key, f.Value)));

    /// <summary>The keys marked as inputs, in the order given.</summary>
    public IReadOnlyList<string> InputKeys { get; }

    /// <summary>True for a demo produced by bootstrapping.</summary>
    public bool Augmented { get; }

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
        : throw new KeyNotFoundException($"The example has no field \"{key}\" (fields: {string.Join(", ", _fields.Keys)}).");

    /// <summary>Returns the same fields with <paramref name="keys"/> marked as the inputs.</summary>
    public Example WithInputs(params string[] keys) => new(_fields, keys, Augmented);

    /// <summary>Returns a copy with one field set.</summary>
    public Example With(string key, string value) =>
        new(_fields.Where(kv => kv.Key != key).Append(KeyValuePair.Create(key, value)), InputKeys, Augmented);

    /// <summary>Returns only the input fields (still marked as inputs).</summary>
    /// <exception cref="InvalidOperationException">No input keys were set.</exception>
    public Example Inputs()
    {
        EnsureInputKeys();
        return new(InputKeys.Select(k => KeyValuePair.Create(k, _fields[k])), InputKeys, Augmented);
    }

    /// <summary>Returns only the non-input fields (the labels).</summary>
    /// <exception cref="InvalidOperationException">No input keys were set.</exception>
    public Example Labels()
    {
        EnsureInputKeys();
        return new(_fields.Where(kv => !InputKeys.Contains(kv.Key)), augmented: Augmented);
    }

    /// <inheritdoc />
    public bool ContainsKey(string key) => _fields.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, out string value) => _fields.TryGetValue(key, out value!);

    /// <summary>The value of a field, or null when absent.</summary>
    public string? GetValueOrDefault(string key) => _fields.TryGetValue(key, out var value) ? value : null;

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(Example? other) =>
        other is not null && other._fields.Count == _fields.Count &&
        _fields.All(kv => other._fields.TryGetValue(kv.Key, out var v) && v == kv.Value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Example);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = 0;
        foreach (var (key, value) in _fields)
        {
            hash ^= HashCode.Combine(StringComparer.Ordinal.GetHashCode(key), StringComparer.Ordinal.GetHashCode(value));
        }

        return hash;
    }

    /// <inheritdoc />
    public override string ToString() =>
        "Example(" + string.Join(", ", _fields.Select(kv => $"{kv.Key}={kv.Value}")) + ") (inputs: " + string.Join(", ", InputKeys) + ")";

    private void EnsureInputKeys()
    {
        if (InputKeys.Count == 0)
        {
            throw new InvalidOperationException("Inputs are not set on this example; call WithInputs(...) first.");
        }
    }
}
