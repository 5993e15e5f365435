using BetterTogether.Core.FineTuning;

namespace BetterTogether.TrainingJobs.Tests.Infrastructure;

internal static class TestData
{
    public static IReadOnlyList<ChatRecord> Records { get; } =
    [
        new ChatRecord([new("user", "2 + 3"), new("assistant", "5")]),
        new ChatRecord([new("user", "1 + 1"), new("assistant", "2")]),
        new ChatRecord([new("system", "Add."), new("user", "4 + 4"), new("assistant", "8")]),
        new ChatRecord([new("user", "3 + 3"), new("assistant", "6")]),
    ];

    /// <summary>4 records, batch 2, 2 epochs: 4 optimizer steps.</summary>
    public static FineTuneRequest Request(int epochs = 2, IReadOnlyList<ChatRecord>? records = null) => new(
        "tiny-chat",
        records ?? Records,
        new FineTuneHyperparameters { Rank = 2, Epochs = epochs, BatchSize = 2, LearningRate = 1e-2, MaxSequenceLength = 64 },
        "tiny-adapter",
        Seed: 7);

    public static string TempFolder() => Directory.CreateTempSubdirectory("bt-trainingjobs-").FullName;
}
