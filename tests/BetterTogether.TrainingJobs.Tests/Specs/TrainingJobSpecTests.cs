using System.Text.Json;
using BetterTogether.Core.FineTuning;
using BetterTogether.TrainingJobs.Specs;

namespace BetterTogether.TrainingJobs.Tests.Specs;

public sealed class TrainingJobSpecTests
{
    [Fact]
    public void Serialize_Spec_RoundTripsWithCamelCaseFields()
    {
        var spec = Spec() with { Hyperparameters = new FineTuneHyperparameters { Rank = 4, TargetModules = ["q_proj"] } };
        var json = JsonSerializer.Serialize(spec, TrainingJobJson.Options);
        Assert.Contains("\"trainingDataPath\": \"training-jobs/j1/data.jsonl\"", json, StringComparison.Ordinal);
        var back = JsonSerializer.Deserialize<TrainingJobSpec>(json, TrainingJobJson.Options)!;
        Assert.Equal(spec with { Hyperparameters = back.Hyperparameters }, back);
        Assert.Equal(["q_proj"], back.Hyperparameters.TargetModules);
        back.Validate();
    }

    [Fact]
    public void Serialize_Status_WritesStateAsString()
    {
        var json = JsonSerializer.Serialize(new TrainingJobStatusDocument { JobId = "j1", State = FineTuneJobState.Succeeded }, TrainingJobJson.Options);
        Assert.Contains("\"state\": \"Succeeded\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingField_ThrowsNamingIt()
    {
        var ex = Assert.Throws<TrainingJobSpecException>(() => (Spec() with { AdapterPath = " " }).Validate());
        Assert.Contains("adapterPath", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadHyperparameters_Throws()
    {
        var ex = Assert.Throws<TrainingJobSpecException>(() => (Spec() with { Hyperparameters = new FineTuneHyperparameters { Rank = 0 } }).Validate());
        Assert.Contains("hyperparameters", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Layout_JobId_PutsEverythingInOneFolder()
    {
        var layout = new TrainingJobLayout("runs/r1/training/", "j1");
        Assert.Equal("runs/r1/training/j1/spec.json", layout.SpecPath);
        Assert.Equal("runs/r1/training/j1/adapter", layout.AdapterPath);
        Assert.Equal("runs/r1/training/j1/status.json", TrainingJobLayout.FallbackStatusPath(layout.SpecPath));
        Assert.Throws<ArgumentException>(() => new TrainingJobLayout("x", "a/b"));
    }

    internal static TrainingJobSpec Spec() => new()
    {
        JobId = "j1",
        BaseModelName = "tiny-chat",
        BaseModelPath = "models/tiny-chat",
        TrainingDataPath = "training-jobs/j1/data.jsonl",
        AdapterName = "a",
        AdapterPath = "training-jobs/j1/adapter",
        StatusPath = "training-jobs/j1/status.json",
    };
}
