using System.Globalization;
using System.Text.Json;
using BetterTogether.Core.Examples;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Core.Optimizers;
using BetterTogether.Core.State;
using BetterTogether.Storage;
using BetterTogether.Workflow.Optimization;
using BetterTogether.Workflow.Tests.Fakes;
using Microsoft.DurableTask.Client;

namespace BetterTogether.Workflow.Tests.Optimization;

/// <summary>
/// The two BetterTogether drivers on the same scripted inputs: <see cref="BetterTogetherOptimizer.CompileAsync"/> in
/// process and <see cref="BetterTogetherOrchestration"/> on the embedded backend. Each case is one rule of
/// <see cref="BetterTogetherStepPolicy"/>; both drivers must give the same scores, programs, skips, failures and
/// fine-tuning jobs.
/// </summary>
public sealed class BetterTogetherDriverParityTests : IDisposable
{
    // The validation questions with an odd sum (two of six): the base LM gets them wrong, the others right.
    private static readonly HashSet<string> OddValidationQuestions =
        [.. AdditionTask.Create().Dev.Where(e => int.Parse(e["answer"], CultureInfo.InvariantCulture) % 2 == 1).Select(e => e["question"])];

    private readonly DurableBackends.Embedded _backends = new();

    public void Dispose() => _backends.Dispose();

    [Fact]
    public async Task WeightStepWithNoPassingTrace_BothSkipItAndGoOn()
    {
        var (inProcess, durable) = await RunBothAsync(AdditionTask.Request("p -> w -> p"), () => new AdditionLm { WrongWithoutAdapter = true });

        Assert.Equal(inProcess, durable);
        Assert.False(durable.ErrorOccurred);
        var weight = durable.Steps[1];
        Assert.Equal(BetterTogetherStepPolicy.WeightStepSkipReason(12, 0), weight.Skipped);
        Assert.Equal(durable.Steps[0].Score, weight.Score);
        Assert.Equal(durable.Steps[0].Program, weight.Program);
        Assert.Empty(durable.FineTuneJobs);
        Assert.Equal(3, durable.Steps.Count);
    }

    [Fact]
    public async Task CandidateEvaluationHitsMaxErrors_BothScoreItZeroAndKeepSearching()
    {
        // Every candidate with demos fails both odd-sum validation questions: with max_errors 2 its evaluation aborts.
        var request = AdditionTask.Request("p", shards: 1) with { MaxErrors = 2 };
        var (inProcess, durable) = await RunBothAsync(request, GarblesOddValidationQuestionsWithDemos);

        Assert.Equal(inProcess, durable);
        Assert.False(durable.ErrorOccurred);
        Assert.Equal(66.67, durable.Steps[0].Score);
        Assert.Equal("-3=66.67 -2=0(aborted) -1=0(aborted) 0=0(aborted) 1=0(aborted)", durable.Steps[0].Candidates);
    }

    [Fact]
    public async Task MaxErrorsReachedOnlyAcrossShards_BothAbortTheEvaluation()
    {
        // The two odd-sum validation questions fall in different shards (one failure each, under the budget of 2 per
        // shard), so only the sum across shards reaches max_errors: the evaluation still aborts, as it does in process.
        var request = AdditionTask.Request("p", shards: 3) with { MaxErrors = 2 };
        var (inProcess, durable) = await RunBothAsync(request, GarblesOddValidationQuestionsWithDemos);

        Assert.Equal(inProcess, durable);
        Assert.Equal("-3=66.67 -2=0(aborted) -1=0(aborted) 0=0(aborted) 1=0(aborted)", durable.Steps[0].Candidates);
    }

    [Fact]
    public async Task EveryCandidateAborts_BothFailTheStepAndKeepTheBaseline()
    {
        var request = AdditionTask.Request("p -> w", shards: 3) with { MaxErrors = 2 };
        var (inProcess, durable) = await RunBothAsync(request, () => new AdditionLm { Garbles = (question, _) => OddValidationQuestions.Contains(question) });

        Assert.Equal(inProcess, durable);
        Assert.True(durable.ErrorOccurred);
        Assert.StartsWith("Step 1/2 (\"p\") failed: Every one of the 5 random-search candidates reached max_errors", durable.Error, StringComparison.Ordinal);
        Assert.Equal(0, durable.Baseline.Score);
        Assert.Empty(durable.Steps);
        Assert.Equal(string.Empty, durable.BestStrategy);
    }

    [Fact]
    public async Task FineTuningData_BothShuffleAndTrainWithTheRunSeed()
    {
        var request = AdditionTask.Request("p -> w", seed: 7);
        var (inProcess, durable) = await RunBothAsync(request, () => new AdditionLm());

        Assert.Equal(inProcess, durable);
        var job = Assert.Single(durable.FineTuneJobs);
        Assert.StartsWith("seed=7 ", job, StringComparison.Ordinal);
        Assert.Equal(100, durable.Steps[1].Score);
    }

    private static AdditionLm GarblesOddValidationQuestionsWithDemos() => new() { Garbles = (question, demos) => demos > 0 && OddValidationQuestions.Contains(question) };

    private async Task<(RunView InProcess, RunView Durable)> RunBothAsync(OptimizationRunRequest request, Func<AdditionLm> lm)
    {
        Assert.Equal(2, OddValidationQuestions.Count);
        var durable = await RunDurableAsync(request, lm());
        var inProcess = await RunInProcessAsync(request, lm());
        return (inProcess, durable);
    }

    private async Task<RunView> RunDurableAsync(OptimizationRunRequest request, AdditionLm lm)
    {
        var store = new InMemoryArtifactStore();
        var fineTuner = new InMemoryFineTuner();
        await using var runtime = await OptimizationHarness.StartAsync(_backends.Create(), store, lm, fineTuner);
        var id = await runtime.StartRunAsync(request, "parity");
        var status = await runtime.WaitAsync(id);
        Assert.Contains(status.RuntimeStatus, new[] { OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed });
        var report = await OptimizationHarness.ReadJsonAsync<OptimizationReport>(store, RunArtifacts.Report(id));
        Assert.Equal(report.ErrorOccurred, status.RuntimeStatus == OrchestrationRuntimeStatus.Failed);

        var baseline = new StepView(string.Empty, report.BaselineScore, null, await store.ReadTextAsync(RunArtifacts.StepProgram(id, 0)), null);
        var steps = new List<StepView>();
        foreach (var step in report.Steps.Where(s => s.Error is null))
        {
            var candidates = step.Candidates is null ? null : string.Join(' ', step.Candidates.Select(c => Candidate(c.Seed, c.Score, c.Aborted)));
            steps.Add(new StepView(step.Strategy, step.Score, step.Skipped, AsFineTunerNamedIt(store, await store.ReadTextAsync(step.ProgramPath!)), candidates));
        }

        return new RunView(baseline, steps, report.BestStrategy, report.BestScore, report.ErrorOccurred, report.Error, Jobs(fineTuner));
    }

    private static async Task<RunView> RunInProcessAsync(OptimizationRunRequest request, AdditionLm lm)
    {
        var task = AdditionTask.Create();
        var fineTuner = new InMemoryFineTuner();
        var search = new BootstrapFewShotWithRandomSearch(new RandomSearchOptions
        {
            Metric = task.Metric,
            NumCandidatePrograms = request.NumCandidates,
            MaxBootstrappedDemos = request.MaxBootstrappedDemos,
            MaxLabeledDemos = request.MaxLabeledDemos,
            MaxErrors = request.MaxErrors,
        });
        var optimizer = new BetterTogetherOptimizer(new BetterTogetherOptions
        {
            Metric = task.Metric,
            Seed = request.Seed,
            MaxErrors = request.MaxErrors,
            Optimizers = new Dictionary<string, IOptimizer>(StringComparer.Ordinal)
            {
                ["p"] = search,
                ["w"] = new BootstrapFinetune(fineTuner, new BootstrapFinetuneOptions { Metric = task.Metric, Hyperparameters = request.FineTune, PollInterval = TimeSpan.FromMilliseconds(1) }),
            },
        });
        var student = task.CreateProgram(new LanguageModel(lm, OptimizationHarness.ModelId));
        var result = await optimizer.CompileAsync(student, task.Train, task.Dev, strategy: request.Strategy);

        // The in-process result keeps each step's program, not its random-search candidates: rerun each prompt step's
        // search (the IOptimizer call its step made, on the previous step's program) to see them.
        var strategy = optimizer.ParseStrategy(request.Strategy);
        var byStrategy = result.Candidates.ToDictionary(c => c.Strategy, StringComparer.Ordinal);
        var steps = new List<StepView>();
        for (var i = 0; i < strategy.Steps.Count && byStrategy.TryGetValue(strategy.Prefix(i + 1), out var candidate); i++)
        {
            string? candidates = null;
            if (strategy.Steps[i] == "p")
            {
                var previous = byStrategy[strategy.Prefix(i)].Program.DeepCopy();
                previous.IsCompiled = false;
                var searched = await search.CompileAsync(previous, BetterTogetherOptimizer.TrainsetForStep(task.Train, request.Seed, i), task.Dev);
                candidates = string.Join(' ', searched.Candidates.OrderBy(c => c.Seed).Select(c => Candidate(c.Seed, c.Score, c.Aborted)));
            }

            steps.Add(View(candidate, candidates));
        }

        return new RunView(View(byStrategy[string.Empty], null), steps, result.BestStrategy, byStrategy[result.BestStrategy].Score!.Value, result.ErrorOccurred, result.Error?.Message, Jobs(fineTuner));
    }

    /// <summary>
    /// The orchestration names a trained adapter by its store path (so the program reloads wherever the store is);
    /// the in-process driver, which has no store, keeps the fine-tuner's location. Map the store path back to the
    /// location the store gives it to compare the rest.
    /// </summary>
    private static string AsFineTunerNamedIt(InMemoryArtifactStore store, string programJson)
    {
        var program = System.Text.Json.Nodes.JsonNode.Parse(programJson)!;
        foreach (var predictor in program["predictors"]!.AsArray())
        {
            if (predictor?["adapter"]?["location"] is { } location && location.GetValue<string>() is { } path && path.StartsWith(RunArtifacts.AdaptersPrefix + "/", StringComparison.Ordinal))
            {
                predictor["adapter"]!["location"] = store.DescribeLocation(path);
            }
        }

        return ProgramState.FromJson(program.ToJsonString()).ToJson();
    }

    private static StepView View(BetterTogetherCandidate candidate, string? candidates)
        => new(candidate.Strategy, candidate.Score, candidate.Skipped, ProgramState.Serialize(candidate.Program), candidates);

    private static string Candidate(int seed, double score, bool aborted)
        => string.Create(CultureInfo.InvariantCulture, $"{seed}={score}{(aborted ? "(aborted)" : string.Empty)}");

    private static IReadOnlyList<string> Jobs(InMemoryFineTuner fineTuner)
        => [.. fineTuner.Requests.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"seed={r.Value.Seed} job={r.Key} records={JsonSerializer.Serialize(r.Value.Records)}")];

    private sealed record StepView(string Strategy, double? Score, string? Skipped, string Program, string? Candidates);

    private sealed record RunView(StepView Baseline, IReadOnlyList<StepView> Steps, string BestStrategy, double BestScore, bool ErrorOccurred, string? Error, IReadOnlyList<string> FineTuneJobs)
    {
        // Records compare lists by reference; compare their contents.
        public bool Equals(RunView? other) => other is not null
            && Baseline == other.Baseline
            && Steps.SequenceEqual(other.Steps)
            && (BestStrategy, BestScore, ErrorOccurred, Error) == (other.BestStrategy, other.BestScore, other.ErrorOccurred, other.Error)
            && FineTuneJobs.SequenceEqual(other.FineTuneJobs);

        public override int GetHashCode() => HashCode.Combine(Baseline, BestStrategy, BestScore);

        public override string ToString()
            => string.Join('\n', new[] { $"best {BestStrategy} {BestScore} error={Error}", $"baseline {Baseline}" }.Concat(Steps.Select(s => s.ToString())).Concat(FineTuneJobs));
    }
}
