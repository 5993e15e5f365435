using System.Text.Json;
using BetterTogether.Storage;

namespace BetterTogether.Api.Schedules;

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

    /// <summary>Every readable definition, by name; a corrupt one does not hide the others: its name and fault go to <paramref name="corrupt"/>.</summary>
    /// <param name="corrupt">Collects (name, fault) of definitions that could not be read; ignored when null.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    public async Task<IReadOnlyList<ScheduleDefinition>> ListAsync(ICollection<(string Name, string Fault)>? corrupt = null, CancellationToken cancellationToken = default)
    {
        var result = new List<ScheduleDefinition>();
        await foreach (var info in _store.ListAsync(Prefix, cancellationToken).ConfigureAwait(false))
        {
            if (!info.Path.EndsWith(".json", StringComparison.Ordinal))
            {
                continue;
            }

            var name = info.Path[Prefix.Length..^5];
            try
            {
                if (await GetAsync(name, cancellationToken).ConfigureAwait(false) is { } definition)
                {
                    result.Add(definition);
                }
            }
            catch (InvalidDataException e)
            {
                corrupt?.Add((name, e.Message));
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

        ScheduleDefinition? definition;
        try
        {
            definition = await _store.TryReadJsonAsync<ScheduleDefinition>(PathOf(name), Json, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Schedule {_store.DescribeLocation(PathOf(name))} is corrupt: {e.Message}", e);
        }

        if (definition is not null && (definition.Request is null || definition.Cron is null || !string.Equals(definition.Name, name, StringComparison.Ordinal)))
        {
            throw new InvalidDataException($"Schedule {_store.DescribeLocation(PathOf(name))} is corrupt: it lacks its cron or request, or names another schedule.");
        }

        return definition;
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
