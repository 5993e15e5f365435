using DurableTask.Core.Serializing;

namespace BetterTogether.Durable.Sqlite;

/// <summary>
/// DurableTask.Core's own JSON convention (Newtonsoft with type names), so that history events and task messages
/// come back as the concrete types the engine wrote.
/// </summary>
internal static class CoreJson
{
    public static string Serialize(object value) => JsonDataConverter.Default.Serialize(value);

    public static T Deserialize<T>(string json) => JsonDataConverter.Default.Deserialize<T>(json);
}
