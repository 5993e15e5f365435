using System.Text;
using System.Text.Json;
using BetterTogether.Core.Examples;
using BetterTogether.Core.LanguageModels;
using BetterTogether.Core.Programs;
using BetterTogether.Core.State;
using BetterTogether.Storage;

namespace BetterTogether.Workflow.Optimization.Activities;

/// <summary>Reads and writes a run's artifacts: example splits, program states, JSON and JSONL documents.</summary>
internal sealed class RunStore(IArtifactStore store)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public IArtifactStore Store => store;

    public Task<bool> ExistsAsync(string path, CancellationToken cancellationToken) => store.ExistsAsync(path, cancellationToken);

    public Task WriteJsonAsync<T>(string path, T value, CancellationToken cancellationToken) => store.PutJsonAsync(path, value, Json, null, cancellationToken);

    public Task<T> ReadJsonAsync<T>(string path, CancellationToken cancellationToken) => store.ReadJsonAsync<T>(path, Json, cancellationToken);

    public Task WriteLinesAsync<T>(string path, IEnumerable<T> items, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        foreach (var item in items)
        {
            text.Append(JsonSerializer.Serialize(item, Json)).Append('\n');
        }

        return store.PutTextAsync(path, text.ToString(), new ArtifactWriteOptions { ContentType = "application/jsonl" }, cancellationToken);
    }

    public async Task<IReadOnlyList<T>> ReadLinesAsync<T>(string path, CancellationToken cancellationToken)
    {
        var text = await store.ReadTextAsync(path, cancellationToken).ConfigureAwait(false);
        var items = new List<T>();
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                items.Add(JsonSerializer.Deserialize<T>(line, Json) ?? throw new JsonException("null line"));
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{store.DescribeLocation(path)} line {lineNumber}: {e.Message}", e);
            }
        }

        return items;
    }

    public Task<IReadOnlyList<Example>> ReadSplitAsync(string runId, string split, CancellationToken cancellationToken)
        => ReadLinesAsync<Example>(RunArtifacts.Split(runId, split), cancellationToken);

    public async Task<LmProgram> LoadProgramAsync(OptimizationTask task, LanguageModel lm, string path, CancellationToken cancellationToken)
    {
        var json = await store.ReadTextAsync(path, cancellationToken).ConfigureAwait(false);
        ProgramState state;
        try
        {
            state = ProgramState.FromJson(json);
        }
        catch (ProgramStateException e)
        {
            throw new ProgramStateException($"{store.DescribeLocation(path)}: {e.Message}", e);
        }

        var program = task.CreateProgram(lm);
        state.ApplyTo(program);
        return program;
    }

    public Task SaveProgramAsync(string path, LmProgram program, CancellationToken cancellationToken)
        => store.PutTextAsync(path, ProgramState.Serialize(program), new ArtifactWriteOptions { ContentType = "application/json" }, cancellationToken);

    public static IReadOnlyDictionary<string, int> DemosPerPredictor(LmProgram program)
        => program.NamedPredictors().ToDictionary(p => p.Key, p => p.Value.Demos.Count, StringComparer.Ordinal);

    public static (int Start, int End) ShardRange(int count, int shard, int shards) => (count * shard / shards, count * (shard + 1) / shards);
}
