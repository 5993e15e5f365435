using System.Reflection;
using System.Text;

namespace BetterTogether.Core.Signatures;

/// <summary>
/// What a predictor does: named input and output fields with descriptions, plus instructions.
/// Immutable; the <c>With…</c> methods return new signatures.
/// </summary>
/// <remarks>Fields hold text. DSPy's typed fields (int, bool, pydantic models) are not modelled: parse values in program code.</remarks>
public sealed class Signature : IEquatable<Signature>
{
    private Signature(IReadOnlyList<SignatureField> fields, string? instructions)
    {
        Fields = fields;
        InputFields = [.. fields.Where(f => f.Kind == FieldKind.Input)];
        OutputFields = [.. fields.Where(f => f.Kind == FieldKind.Output)];
        Instructions = string.IsNullOrWhiteSpace(instructions) ? DefaultInstructions(InputFields, OutputFields) : instructions;
    }

    /// <summary>All fields: inputs first, then outputs, each in declaration order.</summary>
    public IReadOnlyList<SignatureField> Fields { get; }

    /// <summary>The input fields in order.</summary>
    public IReadOnlyList<SignatureField> InputFields { get; }

    /// <summary>The output fields in order.</summary>
    public IReadOnlyList<SignatureField> OutputFields { get; }

    /// <summary>The task instructions (DSPy's default, "Given the fields …, produce the fields …", when none were given).</summary>
    public string Instructions { get; }

    /// <summary>Creates a signature from fields.</summary>
    /// <param name="fields">Input and output fields; inputs are ordered before outputs.</param>
    /// <param name="instructions">Task instructions; null or blank for DSPy's default.</param>
    /// <exception cref="SignatureParseException">A name is invalid or repeated, or there is no input or no output.</exception>
    public static Signature Create(IEnumerable<SignatureField> fields, string? instructions = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var list = fields.ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in list)
        {
            if (!SignatureField.IsValidName(field.Name))
            {
                throw new SignatureParseException($"Invalid field name \"{field.Name}\": use letters, digits and underscores, not starting with a digit.");
            }

            if (!seen.Add(field.Name))
            {
                throw new SignatureParseException($"Field \"{field.Name}\" is declared more than once.");
            }
        }

        if (!list.Any(f => f.Kind == FieldKind.Input) || !list.Any(f => f.Kind == FieldKind.Output))
        {
            throw new SignatureParseException("A signature needs at least one input field and at least one output field.");
        }

        var ordered = list.Where(f => f.Kind == FieldKind.Input).Concat(list.Where(f => f.Kind == FieldKind.Output)).ToList();
        return new Signature(ordered, instructions);
    }

    /// <summary>Parses a compact signature such as <c>"context, question -> reasoning, answer"</c>.</summary>
    /// <param name="text">Comma-separated inputs, <c>-&gt;</c>, comma-separated outputs; a field may carry the type <c>: str</c>.</param>
    /// <param name="instructions">Task instructions; null for DSPy's default.</param>
    /// <exception cref="SignatureParseException">The text is malformed; the message says where.</exception>
    public static Signature Parse(string text, string? instructions = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new SignatureParseException(text, "it is empty; expected \"inputs -> outputs\".");
        }

        var parts = text.Split("->");
        if (parts.Length != 2)
        {
            throw new SignatureParseException(text, parts.Length == 1
                ? "it has no \"->\" separating inputs from outputs."
                : $"it has {parts.Length - 1} \"->\" separators; expected exactly one.");
        }

        var fields = ParseSide(text, parts[0], FieldKind.Input).Concat(ParseSide(text, parts[1], FieldKind.Output)).ToList();
        var duplicate = fields.GroupBy(f => f.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new SignatureParseException(text, $"field \"{duplicate.Key}\" appears more than once.");
        }

        return new Signature(fields, instructions);
    }

    /// <summary>Builds a signature from a type whose properties carry <see cref="InputFieldAttribute"/> and <see cref="OutputFieldAttribute"/>.</summary>
    /// <typeparam name="T">A record or class; instructions come from <see cref="InstructionsAttribute"/>.</typeparam>
    /// <exception cref="SignatureParseException">The type declares no input or no output field, or a name is invalid.</exception>
    public static Signature FromType<T>() => FromType(typeof(T));

    /// <summary>Builds a signature from a type whose properties carry field attributes.</summary>
    /// <param name="type">A record or class; instructions come from <see cref="InstructionsAttribute"/>.</param>
    /// <exception cref="SignatureParseException">The type declares no input or no output field, or a name is invalid.</exception>
    public static Signature FromType(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var fields = new List<SignatureField>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.MetadataToken))
        {
            var input = property.GetCustomAttribute<InputFieldAttribute>();
            var output = property.GetCustomAttribute<OutputFieldAttribute>();
            if (input is not null && output is not null)
            {
                throw new SignatureParseException($"{type.Name}.{property.Name} is marked both input and output.");
            }

            if (input is not null)
            {
                fields.Add(new SignatureField(input.Name ?? ToSnakeCase(property.Name), FieldKind.Input, input.Description));
            }
            else if (output is not null)
            {
                fields.Add(new SignatureField(output.Name ?? ToSnakeCase(property.Name), FieldKind.Output, output.Description));
            }
        }

        try
        {
            return Create(fields, type.GetCustomAttribute<InstructionsAttribute>()?.Text);
        }
        catch (SignatureParseException e)
        {
            throw new SignatureParseException($"Type {type.FullName} is not a valid signature: {e.Message}", e);
        }
    }

    /// <summary>Returns this signature with other instructions.</summary>
    public Signature WithInstructions(string instructions) => new(Fields, instructions);

    /// <summary>Returns this signature with <paramref name="field"/> placed first among its kind (DSPy's <c>prepend</c>).</summary>
    /// <exception cref="SignatureParseException">The name is already used.</exception>
    public Signature Prepend(SignatureField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var inputs = InputFields.ToList();
        var outputs = OutputFields.ToList();
        (field.Kind == FieldKind.Input ? inputs : outputs).Insert(0, field);
        return Create(inputs.Concat(outputs), HasDefaultInstructions ? null : Instructions);
    }

    /// <summary>True when the instructions are DSPy's generated default.</summary>
    public bool HasDefaultInstructions => Instructions == DefaultInstructions(InputFields, OutputFields);

    /// <summary>The field with this name, or null.</summary>
    public SignatureField? FindField(string name) => Fields.FirstOrDefault(f => f.Name == name);

    /// <summary>Writes the compact form, e.g. <c>question -&gt; answer</c>.</summary>
    public override string ToString() =>
        $"{string.Join(", ", InputFields.Select(f => f.Name))} -> {string.Join(", ", OutputFields.Select(f => f.Name))}";

    /// <inheritdoc />
    public bool Equals(Signature? other) =>
        other is not null && Instructions == other.Instructions && Fields.SequenceEqual(other.Fields);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Signature);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Instructions, StringComparer.Ordinal);
        foreach (var field in Fields)
        {
            hash.Add(field);
        }

        return hash.ToHashCode();
    }

    internal static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var previousIsLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var nextIsLower = i > 0 && i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]);
                if (previousIsLowerOrDigit || nextIsLower)
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static string DefaultInstructions(IReadOnlyList<SignatureField> inputs, IReadOnlyList<SignatureField> outputs) =>
        $"Given the fields {string.Join(", ", inputs.Select(f => $"`{f.Name}`"))}, produce the fields {string.Join(", ", outputs.Select(f => $"`{f.Name}`"))}.";

    private static IEnumerable<SignatureField> ParseSide(string text, string side, FieldKind kind)
    {
        var sideName = kind == FieldKind.Input ? "input" : "output";
        if (string.IsNullOrWhiteSpace(side))
        {
            throw new SignatureParseException(text, $"the {sideName} side is empty; declare at least one {sideName} field.");
        }

        var result = new List<SignatureField>();
        var items = side.Split(',');
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i].Trim();
            if (item.Length == 0)
            {
                throw new SignatureParseException(text, $"{sideName} field #{i + 1} is empty (stray comma?).");
            }

            var colon = item.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? item : item[..colon].Trim();
            if (colon >= 0)
            {
                var typeName = item[(colon + 1)..].Trim();
                if (typeName != "str")
                {
                    throw new SignatureParseException(text, $"{sideName} field \"{name}\" has type \"{typeName}\"; only str fields are supported.");
                }
            }

            if (!SignatureField.IsValidName(name))
            {
                throw new SignatureParseException(text, $"\"{name}\" is not a valid {sideName} field name (letters, digits, underscores; not starting with a digit).");
            }

            result.Add(new SignatureField(name, kind));
        }

        return result;
    }
}
