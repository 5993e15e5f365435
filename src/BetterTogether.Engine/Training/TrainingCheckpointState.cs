using System.Text.Json;

namespace BetterTogether.Engine.Training;

/// <summary>
/// The <c>trainer_state.json</c> of a training checkpoint (step, seed), one reader for every trainer backend (the
/// engine's and TorchSharp's), so both refuse a checkpoint the same way.
/// </summary>
public static class TrainingCheckpointState
{
    /// <summary>The state file's name inside a checkpoint folder.</summary>
    public const string FileName = "trainer_state.json";

    /// <summary>The step a checkpoint was saved at.</summary>
    /// <param name="folder">The checkpoint folder.</param>
    /// <param name="seed">The resuming run's seed.</param>
    /// <exception cref="FileNotFoundException">The folder has no state file: it is not a training checkpoint.</exception>
    /// <exception cref="InvalidOperationException">The checkpoint was trained with another seed: resuming would not reproduce the run.</exception>
    public static int ReadStep(string folder, int seed)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var statePath = Path.Combine(folder, FileName);
        if (!File.Exists(statePath))
        {
            throw new FileNotFoundException($"{folder}: {FileName} is missing; not a training checkpoint.", statePath);
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(statePath));
        var step = doc.RootElement.GetProperty("step").GetInt32();
        if (doc.RootElement.GetProperty("seed").GetInt32() != seed)
        {
            throw new InvalidOperationException($"{statePath}: the checkpoint was trained with another seed; resuming would not reproduce the run.");
        }

        return step;
    }
}
