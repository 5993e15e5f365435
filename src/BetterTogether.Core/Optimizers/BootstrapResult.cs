using BetterTogether.Core.Examples;

namespace BetterTogether.Core.Optimizers;

/// <summary>What a bootstrap pass over a trainset produced.</summary>
/// <param name="DemosByPredictor">Bootstrapped demos per predictor name, in the order they were found.</param>
/// <param name="BootstrappedIndices">Trainset positions whose run succeeded.</param>
/// <param name="Unbootstrapped">The other examples, shuffled with <c>Random(0)</c>: the labelled-demo pool.</param>
/// <param name="Attempts">Runs made (examples × rounds tried).</param>
public sealed record BootstrapResult(
    IReadOnlyDictionary<string, IReadOnlyList<Example>> DemosByPredictor,
    IReadOnlyList<int> BootstrappedIndices,
    IReadOnlyList<Example> Unbootstrapped,
    int Attempts);
