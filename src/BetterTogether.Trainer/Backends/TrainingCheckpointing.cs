namespace BetterTogether.Trainer.Backends;

/// <summary>Resumable checkpoints of a training run (local folders; the runner syncs them with the store).</summary>
/// <param name="SaveRoot">Local folder that receives <c>step-{n}/</c> checkpoint folders.</param>
/// <param name="EverySteps">Save after every this many optimizer steps (not after the last one).</param>
/// <param name="ResumeFrom">A checkpoint folder to resume from, or null to start fresh.</param>
/// <param name="Saved">Called on the training thread after a checkpoint folder is complete: (folder, step).</param>
public sealed record TrainingCheckpointing(string SaveRoot, int EverySteps, string? ResumeFrom, Action<string, int> Saved);
