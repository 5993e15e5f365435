using System.Text.Json;
using System.Text.Json.Serialization;

namespace BetterTogether.TrainingJobs.Specs;

/// <summary>The JSON settings of the training job documents (enum states as strings, indented).</summary>
public static class TrainingJobJson
{
    /// <summary>Options for specs, status and dispatch documents.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Converters = { new JsonStringEnumConverter() },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
