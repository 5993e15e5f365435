using BetterTogether.TrainingJobs.Specs;

namespace BetterTogether.Trainer.Backends;

/// <summary>The backends this trainer build offers, by name.</summary>
public sealed class TrainingBackends
{
    private readonly Dictionary<string, ITrainingBackend> _backends = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the set.</summary>
    /// <param name="backends">The backends (names must be distinct).</param>
    public TrainingBackends(IEnumerable<ITrainingBackend> backends)
    {
        ArgumentNullException.ThrowIfNull(backends);
        foreach (var backend in backends)
        {
            if (!_backends.TryAdd(backend.Name, backend))
            {
                throw new ArgumentException($"Two training backends are named '{backend.Name}'.", nameof(backends));
            }
        }
    }

    /// <summary>The default set: the CPU engine.</summary>
    /// <param name="timeProvider">Clock for throughput figures.</param>
    /// <returns>The set.</returns>
    public static TrainingBackends CreateDefault(TimeProvider? timeProvider = null) => new([new CpuEngineBackend(timeProvider)]);

    /// <summary>Finds a backend.</summary>
    /// <param name="name">The spec's backend name.</param>
    /// <returns>The backend.</returns>
    /// <exception cref="TrainingJobSpecException">No backend has that name.</exception>
    public ITrainingBackend Resolve(string name) =>
        _backends.TryGetValue(name, out var backend)
            ? backend
            : throw new TrainingJobSpecException($"Spec asks for training backend '{name}'; this trainer offers: {string.Join(", ", _backends.Keys.Order(StringComparer.Ordinal))}.");
}
