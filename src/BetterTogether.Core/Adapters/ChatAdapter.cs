using System.Text;
using System.Text.RegularExpressions;
using BetterTogether.Core.Examples;
using BetterTogether.Core.FineTuning;
using BetterTogether.Core.Signatures;
using Microsoft.Extensions.AI;

namespace BetterTogether.Core.Adapters;

/// <summary>
/// Renders a signature, demos and inputs as chat messages in DSPy's <c>[[ ## field ## ]]</c> format and parses
/// replies field by field; mirrors <c>dspy/adapters/chat_adapter.py</c> (text fields only) so prompts and
/// fine-tuning records match the Python reference character for character.
/// </summary>
/// <remarks>Deviation: no JSON-adapter fallback; a reply that does not parse raises <see cref="AdapterParseException"/>.</remarks>
public sealed partial class ChatAdapter
{
    private const string IncompleteDemoPrefix = "This is an example of the task, though some input or output fields are not supplied.";
    private const string IncompleteDemoMissing = "Not supplied for this particular example. ";

    /// <summary>A shared instance (the adapter is stateless).</summary>
    public static ChatAdapter Default { get; } = new();

    /// <summary>Renders the full request: system message, demos as user/assistant turns, then the inputs.</summary>
    /// <param name="signature">The predictor's signature.</param>
    /// <param name="demos">Few-shot demos; incomplete demos (some fields missing) go first, DSPy-style, and demos with no input or no output are dropped.</param>
    /// <param name="inputs">The input field values.</param>
    public IReadOnlyList<ChatMessage> Format(Signature signature, IReadOnlyList<Example> demos, IReadOnlyDictionary<string, string> inputs)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(demos);
        ArgumentNullException.ThrowIfNull(inputs);
        var messages = new List<ChatMessage> { new(ChatRole.System, FormatSystemMessage(signature)) };
        messages.AddRange(FormatDemos(signature, demos));
        messages.Add(new ChatMessage(ChatRole.User, FormatUserMessage(signature, inputs, mainRequest: true)));
        return messages;
    }

    /// <summary>The system message: field descriptions, field structure, then the task instructions.</summary>
    public string FormatSystemMessage(Signature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var description = $"Your input fields are:\n{DescribeFields(signature.InputFields)}\nYour output fields are:\n{DescribeFields(signature.OutputFields)}";
        var structure = string.Join(
            "\n\n",
            "All interactions will be structured in the following way, with the appropriate values filled in.",
            FieldsWithValues(signature.InputFields.Select(f => (f.Name, $"{{{f.Name}}}"))),
            FieldsWithValues(signature.OutputFields.Select(f => (f.Name, $"{{{f.Name}}}"))),
            "[[ ## completed ## ]]\n").Trim();
        var dedented = Dedent(signature.Instructions);
        var lines = dedented.Length == 0 ? [] : SplitLines(dedented);
        var objective = string.Concat(lines.Select(l => "\n        " + l));
        return $"{description}\n{structure}\nIn adhering to this structure, your objective is: {objective}";
    }

    /// <summary>A user turn holding the input fields present in <paramref name="inputs"/>.</summary>
    /// <param name="signature">The signature.</param>
    /// <param name="inputs">Field values; only the signature's input fields are rendered.</param>
    /// <param name="prefix">Text placed before the fields.</param>
    /// <param name="mainRequest">True for the final request, which carries the output-format reminder.</param>
    public string FormatUserMessage(Signature signature, IReadOnlyDictionary<string, string> inputs, string prefix = "", bool mainRequest = false)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(inputs);
        var parts = new List<string> { prefix };
        foreach (var field in signature.InputFields)
        {
            if (inputs.TryGetValue(field.Name, out var value))
            {
                parts.Add($"[[ ## {field.Name} ## ]]\n{value}");
            }
        }

        if (mainRequest)
        {
            parts.Add(OutputRequirements(signature));
        }

        parts.Add(string.Empty);
        return string.Join("\n\n", parts).Trim();
    }

    /// <summary>The output-format reminder appended to the final user turn.</summary>
    public static string OutputRequirements(Signature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        return "Respond with the corresponding output fields, starting with the field " +
               string.Join(", then ", signature.OutputFields.Select(f => $"`[[ ## {f.Name} ## ]]`")) +
               ", and then ending with the marker for `[[ ## completed ## ]]`.";
    }

    /// <summary>An assistant turn holding the output fields, ending with the <c>[[ ## completed ## ]]</c> marker.</summary>
    /// <param name="signature">The signature.</param>
    /// <param name="outputs">Output values.</param>
    /// <param name="missingFieldMessage">Text written for absent fields (null writes "None", as Python's <c>str(None)</c>).</param>
    public string FormatAssistantMessage(Signature signature, IReadOnlyDictionary<string, string> outputs, string? missingFieldMessage = null)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(outputs);
        var body = FieldsWithValues(signature.OutputFields.Select(f =>
            (f.Name, outputs.TryGetValue(f.Name, out var v) ? v : missingFieldMessage ?? "None")));
        return body + "\n\n[[ ## completed ## ]]\n";
    }

    /// <summary>Parses a reply into the signature's output fields.</summary>
    /// <param name="signature">The signature.</param>
    /// <param name="completion">The LM reply.</param>
    /// <param name="predictorName">Named in the error when parsing fails.</param>
    /// <exception cref="AdapterParseException">An output field is missing from the reply.</exception>
    public IReadOnlyDictionary<string, string> Parse(Signature signature, string completion, string? predictorName = null)
    {
        ArgumentNullException.ThrowIfNull(signature);
        completion ??= string.Empty;
        var sections = new List<(string? Header, List<string> Lines)> { (null, []) };
        foreach (var line in SplitLines(completion))
        {
            var match = HeaderPattern().Match(line.Trim());
            if (match.Success)
            {
                var rest = line.Trim()[match.Length..].Trim();
                sections.Add((match.Groups[1].Value, rest.Length > 0 ? [rest] : []));
            }
            else
            {
                sections[^1].Lines.Add(line);
            }
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (header, lines) in sections)
        {
            if (header is not null && !fields.ContainsKey(header) && signature.OutputFields.Any(f => f.Name == header))
            {
                fields[header] = string.Join("\n", lines).Trim();
            }
        }

        if (fields.Count != signature.OutputFields.Count)
        {
            throw new AdapterParseException(signature, completion, fields, predictorName);
        }

        return fields;
    }

    /// <summary>Renders one fine-tuning record: the request messages plus the assistant reply (DSPy's <c>format_finetune_data</c>).</summary>
    /// <param name="signature">The signature.</param>
    /// <param name="demos">Demos to include; pass an empty list to train without them.</param>
    /// <param name="inputs">The call's inputs.</param>
    /// <param name="outputs">The call's outputs, rendered as the assistant message.</param>
    public ChatRecord FormatFinetuneRecord(Signature signature, IReadOnlyList<Example> demos, IReadOnlyDictionary<string, string> inputs, IReadOnlyDictionary<string, string> outputs)
    {
        var request = Format(signature, demos, inputs);
        var messages = request.Select(m => new ChatRecordMessage(m.Role.Value, m.Text)).ToList();
        messages.Add(new ChatRecordMessage("assistant", FormatAssistantMessage(signature, outputs)));
        return new ChatRecord(messages);
    }

    private List<ChatMessage> FormatDemos(Signature signature, IReadOnlyList<Example> demos)
    {
        var complete = new List<Example>();
        var incomplete = new List<Example>();
        foreach (var demo in demos)
        {
            if (signature.Fields.All(f => demo.ContainsKey(f.Name)))
            {
                complete.Add(demo);
            }
            else if (signature.InputFields.Any(f => demo.ContainsKey(f.Name)) && signature.OutputFields.Any(f => demo.ContainsKey(f.Name)))
            {
                incomplete.Add(demo);
            }
        }

        var messages = new List<ChatMessage>();
        foreach (var demo in incomplete)
        {
            messages.Add(new ChatMessage(ChatRole.User, FormatUserMessage(signature, demo, IncompleteDemoPrefix)));
            messages.Add(new ChatMessage(ChatRole.Assistant, FormatAssistantMessage(signature, demo, IncompleteDemoMissing)));
        }

        foreach (var demo in complete)
        {
            messages.Add(new ChatMessage(ChatRole.User, FormatUserMessage(signature, demo)));
            messages.Add(new ChatMessage(ChatRole.Assistant, FormatAssistantMessage(signature, demo)));
        }

        return messages;
    }

    private static string DescribeFields(IReadOnlyList<SignatureField> fields)
    {
        var lines = fields.Select((f, i) => $"{i + 1}. `{f.Name}` (str): {f.Description}");
        return string.Join("\n", lines).Trim();
    }

    private static string FieldsWithValues(IEnumerable<(string Name, string Value)> fields) =>
        string.Join("\n\n", fields.Select(f => $"[[ ## {f.Name} ## ]]\n{f.Value}")).Trim();

    private static string[] SplitLines(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').TrimEnd('\n').Split('\n');

    private static string Dedent(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var indents = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart(' ', '\t').Length).ToList();
        var common = indents.Count == 0 ? 0 : indents.Min();
        var builder = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            builder.Append(lines[i].Trim().Length == 0 ? string.Empty : lines[i][common..]);
            if (i < lines.Length - 1)
            {
                builder.Append('\n');
            }
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"^\[\[ ## (\w+) ## \]\]", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderPattern();
}
