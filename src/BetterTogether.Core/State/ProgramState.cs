using System.Text.Json;
using System.Text.Json.Serialization;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Core.Programs;

namespace BetterTogether.Core.State;

/// <summary>
/// The optimizable state of a program as versioned JSON: per predictor its instructions, demos, LM model id and
/// LoRA adapter reference. Save an optimized program, ship the JSON, and apply it to a freshly built program.
/// </summary>
public sealed record ProgramState
{
    /// <summary>The format version this library writes and reads.</summary>
    public const int CurrentVersion = 1;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The format version.</summary>
    public int Version { get; init; } = CurrentVersion;

    /// <summary>Per-predictor state in program order.</summary>
    public IReadOnlyList<PredictorState> Predictors { get; init; } = [];

    /// <summary>Captures the state of <paramref name="program"/>.</summary>
    public static ProgramState Capture(LmProgram program)
    {
        ArgumentNullException.ThrowIfNull(program);
        return new ProgramState
        {
            Predictors =
            [
                .. program.NamedPredictors().Select(p => new PredictorState(
                    p.Key,
                    p.Value.Signature.ToString(),
                    p.Value.Signature.Instructions,
                    [.. p.Value.Demos.Select(DemoState.From)],
                    p.Value.Lm?.ModelId,
                    p.Value.Lm?.Adapter)),
            ],
        };
    }

    /// <summary>Writes the state to <paramref name="program"/>: instructions, demos and adapters.</summary>
    /// <param name="program">A program with the same predictors (names and signatures).</param>
    /// <param name="resolveLm">
    /// Optional: returns the LM for a saved model id. Without it, a predictor keeps its current LM with the saved
    /// adapter swapped in; a saved adapter on a predictor with no LM is an error.
    /// </param>
    /// <exception cref="ProgramStateException">A predictor is missing or extra, its signature differs, or an adapter cannot be applied.</exception>
    public void ApplyTo(LmProgram program, Func<string, LanguageModel>? resolveLm = null)
    {
        ArgumentNullException.ThrowIfNull(program);
        var predictors = program.NamedPredictors().ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var extra = predictors.Keys.Except(Predictors.Select(p => p.Name)).ToList();
        if (extra.Count > 0)
        {
            throw new ProgramStateException($"The state has no entry for predictor(s) {string.Join(", ", extra)} of {program.GetType().Name}.");
        }

        foreach (var saved in Predictors)
        {
            if (!predictors.TryGetValue(saved.Name, out var predictor))
            {
                throw new ProgramStateException($"The state names predictor \"{saved.Name}\", which {program.GetType().Name} does not have (it has: {string.Join(", ", predictors.Keys)}).");
            }

            if (predictor.Signature.ToString() != saved.Signature)
            {
                throw new ProgramStateException($"Predictor \"{saved.Name}\" has signature \"{predictor.Signature}\" but the state was saved for \"{saved.Signature}\".");
            }

            var lm = predictor.Lm;
            if (saved.ModelId is not null && resolveLm is not null)
            {
                lm = resolveLm(saved.ModelId);
            }

            if (saved.Adapter is not null)
            {
                lm = lm?.WithAdapter(saved.Adapter)
                    ?? throw new ProgramStateException($"Predictor \"{saved.Name}\" has no LM to serve adapter \"{saved.Adapter.Name}\"; set the LM or pass resolveLm.");
            }
            else
            {
                lm = lm?.Adapter is null ? lm : lm.WithAdapter(null);
            }

            predictor.Signature = predictor.Signature.WithInstructions(saved.Instructions);
            predictor.Demos = [.. saved.Demos.Select(d => d.ToExample())];
            predictor.Lm = lm;
        }
    }

    /// <summary>Serialises to indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Parses JSON written by <see cref="ToJson"/>.</summary>
    /// <exception cref="ProgramStateException">The JSON is malformed, or its version is not supported.</exception>
    public static ProgramState FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        ProgramState? state;
        try
        {
            state = JsonSerializer.Deserialize<ProgramState>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new ProgramStateException($"Program state JSON is malformed at {e.Path} (line {e.LineNumber}): {e.Message}", e);
        }

        if (state is null)
        {
            throw new ProgramStateException("Program state JSON is null.");
        }

        if (state.Version != CurrentVersion)
        {
            throw new ProgramStateException($"Program state version {state.Version} is not supported (this library reads version {CurrentVersion}).");
        }

        foreach (var predictor in state.Predictors)
        {
            if (string.IsNullOrWhiteSpace(predictor?.Name) || predictor.Demos is null || predictor.Instructions is null || predictor.Signature is null)
            {
                throw new ProgramStateException("Program state has a predictor entry without name, signature, instructions or demos.");
            }
        }

        return state;
    }

    /// <summary>Writes the JSON to a file.</summary>
    public Task SaveAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return File.WriteAllTextAsync(path, ToJson(), cancellationToken);
    }

    /// <summary>Reads the JSON from a file.</summary>
    /// <exception cref="ProgramStateException">The file's content is not valid program state; the message names the file.</exception>
    public static async Task<ProgramState> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var json = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        try
        {
            return FromJson(json);
        }
        catch (ProgramStateException e)
        {
            throw new ProgramStateException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Saves <paramref name="program"/>'s state (shortcut for <see cref="Capture"/> + <see cref="ToJson"/>).</summary>
    public static string Serialize(LmProgram program) => Capture(program).ToJson();

    /// <summary>True when both states hold the same content.</summary>
    public bool ContentEquals(ProgramState other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return ToJson() == other.ToJson();
    }
}
