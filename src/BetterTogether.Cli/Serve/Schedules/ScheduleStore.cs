using System.Text.Json;
using BetterTogether.Storage;

namespace BetterTogether.Cli.Serve.Schedules;

/// <summary>Schedule definitions in the artifact store under <c>schedules/{name}.json</c>.</summary>
public sealed class ScheduleStore
{
    /// <summary>The folder of schedule definitions.</summary>
    public const string Prefix = "schedules/";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly IArtifactStore _store;

    /// <summary>Creates the store.</summary>
    public ScheduleStore(IArtifactStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <summary>Every definition, by name.</summary>
    public async Task<IReadOnlyList<ScheduleDefinition>> ListAsync(CancellationToken cancellationToken = default)
    {
        var result = new List<ScheduleDefinition>();
        await foreach (var info in _store.ListAsync(Prefix, cancellationToken).ConfigureAwait(false))
        {
            if (info.Path.EndsWith(".json", StringComparison.Ordinal) && await GetAsync(info.Path[Prefix.Length..^5], cancellationToken).ConfigureAwait(false) is { } definition)
            {
                result.Add(definition);
            }
        }

        return result;
    }

    /// <summary>A definition, or null.</summary>
    /// <exception cref="InvalidDataException">The stored definition is corrupt; the message names it.</exception>
    public async Task<ScheduleDefinition?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        if (!ScheduleDefinition.IsValidName(name))
        {
            return null;
        }

        try
        {
            return await _store.TryReadJsonAsync<ScheduleDefinition>(PathOf(name), Json, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Schedule {_store.DescribeLocation(PathOf(name))} is corrupt: {e.Message}", e);
        }
    }

    /// <summary>Creates or replaces a definition.</summary>
    public Task PutAsync(ScheduleDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return _store.PutJsonAsync(PathOf(definition.Name), definition, Json, null, cancellationToken);
    }

    /// <summary>Deletes a definition; false when there was none.</summary>
    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
        => ScheduleDefinition.IsValidName(name) ? _store.DeleteAsync(PathOf(name), cancellationToken) : Task.FromResult(false);

    private static string PathOf(string name) => $"{Prefix}{name}.json";
}
