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

    /// <summary>
    /// The default set: the CPU engine, and TorchSharp on CUDA when present (<c>torchsharp</c>), on CUDA only
    /// (<c>torchsharp-cuda</c>) or on the CPU (<c>torchsharp-cpu</c>). <c>BT_LIBTORCH_NATIVE_DIR</c> names a folder of
    /// LibTorch natives for a build that does not carry them.
    /// </summary>
    /// <param name="timeProvider">Clock for throughput figures.</param>
    /// <returns>The set.</returns>
    public static TrainingBackends CreateDefault(TimeProvider? timeProvider = null)
    {
        var natives = Environment.GetEnvironmentVariable(TorchSharp.Native.LibTorchRuntime.NativeFolderVariable);
        return new([new CpuEngineBackend(timeProvider), .. TorchSharpBackend.CreateAll(natives, timeProvider)]);
    }

    /// <summary>Finds a backend.</summary>
    /// <param name="name">The spec's backend name.</param>
    /// <returns>The backend.</returns>
    /// <exception cref="TrainingJobSpecException">No backend has that name.</exception>
    public ITrainingBackend Resolve(string name) =>
        _backends.TryGetValue(name, out var backend)
            ? backend
            : throw new TrainingJobSpecException($"Spec asks for training backend '{name}'; this trainer offers: {string.Join(", ", _backends.Keys.Order(StringComparer.Ordinal))}.");
}
